import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OAuthState, OAuthStateStore } from '../../core/ports/oauth-state-store';
import { isConditionalCheckFailure } from './document-client';
import { ENTITY, keys } from './keys';

/** `OAUTH#<state>` / `STATE`, removed by TTL once expired (the use cases check expiry themselves: TTL deletion lags). */
export class DynamoOAuthStateStore implements OAuthStateStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async save(record: OAuthState): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          PK: keys.oauthState(record.state),
          SK: keys.oauthStateSk,
          type: ENTITY.oauthState,
          userId: record.userId,
          returnTo: record.returnTo,
          expiresAt: record.expiresAt,
          ttl: Math.ceil(Date.parse(record.expiresAt) / 1000),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
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
}

function toState(state: string, item: Record<string, unknown>): OAuthState {
  return { state, userId: String(item['userId']), returnTo: String(item['returnTo']), expiresAt: String(item['expiresAt']) };
}
