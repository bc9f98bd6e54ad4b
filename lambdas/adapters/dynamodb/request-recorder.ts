import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RETENTION_DAYS, ttlAfterDays } from '../../core/retention';
import { USAGE_COUNTERS } from '../../core/usage/get-usage';
import type { Clock } from '../../core/ports/clock';
import type { RequestRecorder } from '../../core/ports/request-meter';
import type { RequestCount } from '../../core/usage/request-tally';
import { cancellationReasons } from './document-client';
import { ENTITY, keys } from './keys';
import { profileExistsCheck } from './owned-put';
import { USAGE_DAY_NAMES, usageDayItem, usageDayValues } from './usage-day-item';

/**
 * TransactWriteItems takes 100 items: one batch marker, and per count an ADD to the user's counter and
 * (once per user) a check that the user's profile still exists: at most 49 counts a transaction.
 */
const COUNTS_PER_TRANSACTION = 49;

/**
 * The usage counter's side of the daily usage item: the requests of users on a
 * dedicated API key, counted from the API's access log in batches (the API
 * functions carry only the request meter, not this).
 */
export class DynamoRequestRecorder implements RequestRecorder {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock = { now: () => new Date() },
  ) {}

  /**
   * One transaction per 49 counts: a marker item for (batch, chunk), written
   * only if absent, an ADD to each user's daily counter, and a check that each
   * user's profile exists. A redelivered batch finds its markers and adds
   * nothing; a batch cut off halfway (a chunk failed) adds, when delivered
   * again, only the chunks that are missing. The requests of an account deleted
   * meanwhile (its own DELETE /v1/me among them: the access log arrives after
   * the answer) are dropped, so no usage item outlives the account.
   */
  async record(batchId: string, counts: readonly RequestCount[]): Promise<boolean> {
    let recorded = false;
    for (let start = 0, chunk = 0; start < counts.length; start += COUNTS_PER_TRANSACTION, chunk++) {
      let part = counts.slice(start, start + COUNTS_PER_TRANSACTION);
      const marker = { PK: keys.usageBatch(batchId, chunk), SK: keys.usageBatchSk };
      while (part.length > 0) {
        const users = [...new Set(part.map((count) => count.userId))];
        try {
          await this.db.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: this.tableName,
                    Item: { ...marker, type: ENTITY.usageBatch, counts: part.length, ttl: ttlAfterDays(this.clock.now(), RETENTION_DAYS.usageBatchMarkers) },
                    ConditionExpression: 'attribute_not_exists(PK)',
                  },
                },
                ...part.map((count) => ({
                  Update: {
                    ...usageDayItem(this.tableName, count.userId, count.day),
                    UpdateExpression: 'SET #type = :type, #day = :day, #ttl = if_not_exists(#ttl, :ttl) ADD #requests :n',
                    ExpressionAttributeNames: { ...USAGE_DAY_NAMES, '#requests': USAGE_COUNTERS.requests },
                    ExpressionAttributeValues: { ...usageDayValues(count.day), ':n': count.requests },
                  },
                })),
                ...users.map((userId) => profileExistsCheck(this.tableName, userId)),
              ],
            }),
          );
          recorded = true;
          break;
        } catch (error) {
          const reasons = cancellationReasons(error);
          // The marker's condition failed: this chunk was recorded by an earlier delivery.
          if (reasons?.[0] === 'ConditionalCheckFailed') break;
          const checks = reasons?.slice(1 + part.length) ?? [];
          const gone = new Set(users.filter((_, i) => checks[i] === 'ConditionalCheckFailed'));
          if (gone.size === 0) throw error;
          // Accounts deleted since their requests: the chunk again without them.
          part = part.filter((count) => !gone.has(count.userId));
        }
      }
    }
    return recorded;
  }
}
