import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { burstToleranceMs, emissionIntervalMs } from '../../core/token-bucket';
import { USAGE_COUNTERS } from '../../core/usage/get-usage';
import type { Admission, RequestMeter } from '../../core/ports/request-meter';
import { isConditionalCheckFailure } from './document-client';
import { USAGE_STATE_ATTRIBUTES } from './keys';
import { USAGE_DAY_NAMES, usageDayItem, usageDayValues } from './usage-day-item';

const DAY_MS = 86_400_000;
/** Tries before a user hammering from many connections at once is told to slow down. */
const MAX_ATTEMPTS = 4;

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
  ) {}

  async count(input: { userId: string; day: string }): Promise<number> {
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        ...usageDayItem(this.tableName, input.userId, input.day),
        UpdateExpression: 'SET #type = :type, #day = :day, #ttl = if_not_exists(#ttl, :ttl) ADD #requests :one',
        ExpressionAttributeNames: { ...USAGE_DAY_NAMES, '#requests': USAGE_COUNTERS.requests },
        ExpressionAttributeValues: { ...usageDayValues(input.day), ':one': 1 },
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
            ...usageDayItem(this.tableName, userId, day),
            UpdateExpression:
              'SET #type = :type, #day = :day, #ttl = if_not_exists(#ttl, :ttl), #requests = if_not_exists(#requests, :zero) + :one, ' +
              (idle ? '#tat = :nextTat' : '#tat = #tat + :interval'),
            ConditionExpression:
              '(attribute_not_exists(#requests) OR #requests < :limit) AND ' +
              (idle ? '(attribute_not_exists(#tat) OR #tat < :now)' : '#tat BETWEEN :now AND :latest'),
            ExpressionAttributeNames: { ...USAGE_DAY_NAMES, '#requests': USAGE_COUNTERS.requests, '#tat': USAGE_STATE_ATTRIBUTES.bucket },
            ExpressionAttributeValues: {
              ...usageDayValues(day),
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

  private async read(userId: string, day: string): Promise<{ requests: number; tat: number | undefined }> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: usageDayItem(this.tableName, userId, day).Key, ConsistentRead: true }));
    const tat = Item?.[USAGE_STATE_ATTRIBUTES.bucket];
    return { requests: Number(Item?.[USAGE_COUNTERS.requests] ?? 0), tat: typeof tat === 'number' ? tat : undefined };
  }
}
