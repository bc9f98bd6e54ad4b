import { DeleteCommand, GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { putForExistingUser } from './owned-put';
import type { LinkedInConnection } from '../../core/linkedin/connection';
import type { LinkedInConnectionStore } from '../../core/ports/linkedin-connection-store';
import { isConditionalCheckFailure } from './document-client';
import { expiryIndexKeys } from './expiring-connections';
import { ENTITY, keys } from './keys';

const KEY_ATTRIBUTES = ['PK', 'SK', 'type', 'GSI2PK', 'GSI2SK'] as const;

/** `USER#<uid>` / `LINKEDIN`: one connection per user, next to the profile. */
export class DynamoLinkedInConnectionStore implements LinkedInConnectionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private key(userId: string) {
    return { PK: keys.user(userId), SK: keys.linkedinSk };
  }

  async get(userId: string): Promise<LinkedInConnection | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: this.key(userId), ConsistentRead: true }));
    if (!Item) return undefined;
    const connection = { ...Item };
    for (const key of KEY_ATTRIBUTES) delete connection[key];
    return connection as unknown as LinkedInConnection;
  }

  /** Only while the user's account exists: a token is never stored for a deleted account. */
  async save(connection: LinkedInConnection): Promise<void> {
    // The expiry index keys let the daily job remind the user before the token expires (expiring-connections.ts).
    const item = { ...this.key(connection.userId), type: ENTITY.linkedin, ...connection, ...expiryIndexKeys(connection.userId, connection.expiresAt) };
    await putForExistingUser(this.db, this.tableName, connection.userId, item);
  }

  async markNeedsReconnect(userId: string, at: Date): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(userId),
          UpdateExpression: 'SET #status = :status, #updatedAt = :at',
          ConditionExpression: 'attribute_exists(PK) AND #status <> :status',
          ExpressionAttributeNames: { '#status': 'status', '#updatedAt': 'updatedAt' },
          ExpressionAttributeValues: { ':status': 'needsReconnect', ':at': at.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  async delete(userId: string): Promise<boolean> {
    const { Attributes } = await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: this.key(userId), ReturnValues: 'ALL_OLD' }));
    return Attributes !== undefined;
  }
}
