import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ExpiringConnections } from '../../core/ports/mail-outbox';
import { keys } from './keys';

/**
 * LinkedIn connections by the day their token expires: the connection item carries the sparse GSI2 keys
 * `LIEXPIRY#<yyyy-mm-dd>` / `<expiresAt>#<uid>` (set by DynamoLinkedInConnectionStore.save). A connection
 * saved before those keys existed is not found here until it is saved again (the next connect); its owner
 * still gets the mail at once when LinkedIn refuses the token.
 */
export class DynamoExpiringConnections implements ExpiringConnections {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async expiringBetween(from: Date, to: Date): Promise<{ userId: string; expiresAt: string }[]> {
    const found: { userId: string; expiresAt: string }[] = [];
    const firstDay = Date.parse(`${from.toISOString().slice(0, 10)}T00:00:00.000Z`);
    for (let day = firstDay; day <= to.getTime(); day += 86_400_000) {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'GSI2',
            KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': keys.linkedinExpiryBucket(new Date(day).toISOString()), ':from': `${from.toISOString()}#`, ':to': `${to.toISOString()}#\uffff` },
            ProjectionExpression: 'userId, expiresAt',
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) found.push({ userId: item['userId'] as string, expiresAt: item['expiresAt'] as string });
        start = page.LastEvaluatedKey;
      } while (start);
    }
    return found;
  }
}

/** The index keys a connection item carries so the daily reminder job finds it by its expiry. */
export function expiryIndexKeys(userId: string, expiresAt: string): { GSI2PK: string; GSI2SK: string } {
  return { GSI2PK: keys.linkedinExpiryBucket(expiresAt), GSI2SK: `${expiresAt}#${userId}` };
}
