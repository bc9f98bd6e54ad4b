import { DeleteCommand, GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OAuthState, OAuthStateStore } from '../../core/ports/oauth-state-store';
import { batchDelete } from './batch-delete';
import { isConditionalCheckFailure } from './document-client';
import { putForExistingUser } from './owned-put';
import { ENTITY, keys } from './keys';

/**
 * `OAUTH#<state>` / `STATE`, removed by TTL once expired (the use cases check
 * expiry themselves: TTL deletion lags). Indexed by user in GSI1
 * (`OAUTH_STATES#USER#<uid>`), so the deletion of an account finds its states.
 */
export class DynamoOAuthStateStore implements OAuthStateStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Only for a user whose account exists (the profile is checked in the same transaction). */
  async save(record: OAuthState): Promise<void> {
    const item = {
      PK: keys.oauthState(record.state),
      SK: keys.oauthStateSk,
      GSI1PK: keys.oauthStatesOf(record.userId),
      GSI1SK: record.expiresAt,
      type: ENTITY.oauthState,
      userId: record.userId,
      returnTo: record.returnTo,
      expiresAt: record.expiresAt,
      ttl: Math.ceil(Date.parse(record.expiresAt) / 1000),
    };
    await putForExistingUser(this.db, this.tableName, record.userId, item, 'attribute_not_exists(PK)');
  }

  async get(state: string): Promise<OAuthState | undefined> {
    // Consistent: LinkedIn can redirect back within a second of the state being written.
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: keys.oauthState(state), SK: keys.oauthStateSk }, ConsistentRead: true }),
    );
    return Item ? toState(state, Item) : undefined;
  }

  async consume(state: string): Promise<OAuthState | undefined> {
    try {
      // One conditional delete that returns what it deleted: of two concurrent completions with the same state, exactly one gets it.
      const { Attributes } = await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { PK: keys.oauthState(state), SK: keys.oauthStateSk },
          ConditionExpression: 'attribute_exists(PK)',
          ReturnValues: 'ALL_OLD',
        }),
      );
      if (!Attributes) return undefined;
      return toState(state, Attributes);
    } catch (error) {
      if (isConditionalCheckFailure(error)) return undefined;
      throw error;
    }
  }

  async eraseUser(userId: string): Promise<number> {
    let erased = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.oauthStatesOf(userId) },
          ProjectionExpression: 'PK, SK',
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      const items = (page.Items ?? []).map((item) => ({ PK: String(item['PK']), SK: String(item['SK']) }));
      await batchDelete(this.db, this.tableName, items);
      erased += items.length;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return erased;
  }
}

function toState(state: string, item: Record<string, unknown>): OAuthState {
  return { state, userId: String(item['userId']), returnTo: String(item['returnTo']), expiresAt: String(item['expiresAt']) };
}
