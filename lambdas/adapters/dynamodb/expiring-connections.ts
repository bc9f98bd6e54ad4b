import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryDayBuckets } from './day-buckets';
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
    const items = await queryDayBuckets(this.db, this.tableName, { bucket: keys.linkedinExpiryBucket, from, to, projection: 'userId, expiresAt' });
    return items.map((item) => ({ userId: item['userId'] as string, expiresAt: item['expiresAt'] as string }));
  }
}

/** The index keys a connection item carries so the daily reminder job finds it by its expiry. */
export function expiryIndexKeys(userId: string, expiresAt: string): { GSI2PK: string; GSI2SK: string } {
  return { GSI2PK: keys.linkedinExpiryBucket(expiresAt), GSI2SK: `${expiresAt}#${userId}` };
}
