import { GetCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RETENTION_DAYS, ttlAfterDays } from '../../core/retention';
import { burstToleranceMs, emissionIntervalMs } from '../../core/token-bucket';
import { USAGE_COUNTERS } from '../../core/usage/get-usage';
import type { Clock } from '../../core/ports/clock';
import type { Admission, RequestMeter } from '../../core/ports/request-meter';
import type { RequestCount } from '../../core/usage/request-tally';
import { cancellationReasons, isConditionalCheckFailure } from './document-client';
import { ENTITY, keys, USAGE_STATE_ATTRIBUTES } from './keys';

const DAY_MS = 86_400_000;
/** Tries before a user hammering from many connections at once is told to slow down. */
const MAX_ATTEMPTS = 4;
/**
 * TransactWriteItems takes 100 items: one batch marker, and per count an ADD to the user's counter and
 * (once per user) a check that the user's profile still exists: at most 49 counts a transaction.
 */
const COUNTS_PER_TRANSACTION = 49;

/**
 * The request meter on the daily usage item (`USER#<uid> / USAGE#<day>`, beside
 * the other daily counters): `requests` counts, `rateTat` is the token bucket of
 * a user on a pooled key (core/token-bucket.ts). Admitting a request is one
 * conditional UpdateItem when the guess of the bucket's state is right (idle,
 * for requests more than an interval apart), two plus a read when it is not.
 */
export class DynamoRequestMeter implements RequestMeter {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock = { now: () => new Date() },
  ) {}

  async count(input: { userId: string; day: string }): Promise<number> {
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        ...this.item(input.userId, input.day),
        UpdateExpression: 'SET #type = :type, #day = :day, #ttl = if_not_exists(#ttl, :ttl) ADD #requests :one',
        ExpressionAttributeNames: { ...NAMES, '#requests': USAGE_COUNTERS.requests },
        ExpressionAttributeValues: { ...this.itemValues(input.day), ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.[USAGE_COUNTERS.requests] ?? 1);
  }

  async admit(input: Parameters<RequestMeter['admit']>[0]): Promise<Admission> {
    const { userId, day, now, limits } = input;
    const interval = emissionIntervalMs(limits);
    const tolerance = burstToleranceMs(limits);
    const resetsAt = Date.parse(`${day}T00:00:00.000Z`) + DAY_MS;
    let state: { requests: number; tat: number | undefined } | undefined;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (state) {
        if (state.requests >= limits.requestsPerDay) return { allowed: false, limit: 'quota', retryAfterMs: resetsAt - now };
        if (state.tat !== undefined && state.tat - now > tolerance) return { allowed: false, limit: 'throttle', retryAfterMs: state.tat - now - tolerance };
      }
      const idle = !state || state.tat === undefined || state.tat < now;
      try {
        const { Attributes } = await this.db.send(
          new UpdateCommand({
            ...this.item(userId, day),
            UpdateExpression:
              'SET #type = :type, #day = :day, #ttl = if_not_exists(#ttl, :ttl), #requests = if_not_exists(#requests, :zero) + :one, ' +
              (idle ? '#tat = :nextTat' : '#tat = #tat + :interval'),
            ConditionExpression:
              '(attribute_not_exists(#requests) OR #requests < :limit) AND ' +
              (idle ? '(attribute_not_exists(#tat) OR #tat < :now)' : '#tat BETWEEN :now AND :latest'),
            ExpressionAttributeNames: { ...NAMES, '#requests': USAGE_COUNTERS.requests, '#tat': USAGE_STATE_ATTRIBUTES.bucket },
            ExpressionAttributeValues: {
              ...this.itemValues(day),
              ':zero': 0,
              ':one': 1,
              ':limit': limits.requestsPerDay,
              ':now': now,
              ...(idle ? { ':nextTat': now + interval } : { ':interval': interval, ':latest': now + tolerance }),
            },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        return { allowed: true, requests: Number(Attributes?.[USAGE_COUNTERS.requests] ?? 1) };
      } catch (error) {
        if (!isConditionalCheckFailure(error)) throw error;
        state = await this.read(userId, day);
      }
    }
    // Lost the race to this user's own concurrent requests every time: a burst by definition.
    return { allowed: false, limit: 'throttle', retryAfterMs: interval };
  }

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
                    ...this.item(count.userId, count.day),
                    UpdateExpression: 'SET #type = :type, #day = :day, #ttl = if_not_exists(#ttl, :ttl) ADD #requests :n',
                    ExpressionAttributeNames: { ...NAMES, '#requests': USAGE_COUNTERS.requests },
                    ExpressionAttributeValues: { ...this.itemValues(count.day), ':n': count.requests },
                  },
                })),
                ...users.map((userId) => ({
                  ConditionCheck: { TableName: this.tableName, Key: { PK: keys.user(userId), SK: keys.profileSk }, ConditionExpression: 'attribute_exists(PK)' },
                })),
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

  private async read(userId: string, day: string): Promise<{ requests: number; tat: number | undefined }> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: this.item(userId, day).Key, ConsistentRead: true }));
    const tat = Item?.[USAGE_STATE_ATTRIBUTES.bucket];
    return { requests: Number(Item?.[USAGE_COUNTERS.requests] ?? 0), tat: typeof tat === 'number' ? tat : undefined };
  }

  private item(userId: string, day: string) {
    return { TableName: this.tableName, Key: { PK: keys.user(userId), SK: keys.usageSk(day) } };
  }

  private itemValues(day: string): Record<string, unknown> {
    return {
      ':type': ENTITY.usage,
      ':day': day,
      ':ttl': ttlAfterDays(new Date(`${day}T00:00:00.000Z`), RETENTION_DAYS.usageCounters + 1),
    };
  }
}

const NAMES = { '#type': 'type', '#day': 'day', '#ttl': 'ttl' };
