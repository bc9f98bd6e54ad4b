import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OAuthState, OAuthStateStore } from '../../ports/oauth-state-store';
import { isConditionalCheckFailure } from './document-client';
import { ENTITY, keys } from './keys';

/** `OAUTH#<state>` / `STATE`, removed by TTL once expired (consume() checks expiry itself: TTL deletion lags). */
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

  async consume(state: string): Promise<OAuthState | undefined> {
    try {
      // One conditional delete that returns what it deleted: of two concurrent callbacks with the same state, exactly one gets it.
      const { Attributes } = await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { PK: keys.oauthState(state), SK: keys.oauthStateSk },
          ConditionExpression: 'attribute_exists(PK)',
          ReturnValues: 'ALL_OLD',
        }),
      );
      if (!Attributes) return undefined;
      return { state, userId: String(Attributes['userId']), returnTo: String(Attributes['returnTo']), expiresAt: String(Attributes['expiresAt']) };
    } catch (error) {
      if (isConditionalCheckFailure(error)) return undefined;
      throw error;
    }
  }
}
