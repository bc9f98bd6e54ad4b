import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RETENTION_DAYS, ttlAfterDays } from '../../core/retention';
import type { UsageStore } from '../../core/ports/usage-store';
import { isConditionalCheckFailure } from './document-client';
import { ENTITY, keys, USAGE_STATE_ATTRIBUTES } from './keys';

const COUNTER_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

export class DynamoUsageStore implements UsageStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async tryIncrement(input: { userId: string; day: string; counter: string; limit: number; amount?: number }): Promise<{ allowed: boolean; used: number }> {
    if (!COUNTER_NAME.test(input.counter)) throw new Error(`Bad counter name ${input.counter}`);
    const amount = input.amount ?? 1;
    if (amount > input.limit) {
      const current = await this.get(input.userId, input.day);
      return { allowed: false, used: current[input.counter] ?? 0 };
    }
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: keys.user(input.userId), SK: keys.usageSk(input.day) },
          // One atomic read-check-write: the condition sees the value this update replaces.
          UpdateExpression: 'SET #c = if_not_exists(#c, :zero) + :amount, #ttl = if_not_exists(#ttl, :ttl), #type = :type, #day = :day',
          ConditionExpression: 'attribute_not_exists(#c) OR #c <= :room',
          ExpressionAttributeNames: { '#c': input.counter, '#ttl': 'ttl', '#type': 'type', '#day': 'day' },
          ExpressionAttributeValues: {
            ':zero': 0,
            ':amount': amount,
            ':room': input.limit - amount,
            ':ttl': ttlAfterDays(new Date(`${input.day}T00:00:00.000Z`), RETENTION_DAYS.usageCounters + 1),
            ':type': ENTITY.usage,
            ':day': input.day,
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return { allowed: true, used: Number(Attributes?.[input.counter] ?? amount) };
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      const current = await this.get(input.userId, input.day);
      return { allowed: false, used: current[input.counter] ?? 0 };
    }
  }

  async release(input: { userId: string; day: string; counter: string; amount?: number }): Promise<void> {
    if (!COUNTER_NAME.test(input.counter)) throw new Error(`Bad counter name ${input.counter}`);
    const amount = input.amount ?? 1;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: keys.user(input.userId), SK: keys.usageSk(input.day) },
          UpdateExpression: 'SET #c = #c - :amount',
          ConditionExpression: '#c >= :amount',
          ExpressionAttributeNames: { '#c': input.counter },
          ExpressionAttributeValues: { ':amount': amount },
        }),
      );
    } catch (error) {
      // Nothing (or less) to give back: the counter never goes negative.
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }

  async get(userId: string, day: string): Promise<Record<string, number>> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: keys.user(userId), SK: keys.usageSk(day) }, ConsistentRead: true }),
    );
    return countersFromItem(Item);
  }
}

/** The counters of a daily usage item (numbers other than its TTL and the pooled token bucket's state). */
export function countersFromItem(item: Record<string, unknown> | undefined): Record<string, number> {
  const counters: Record<string, number> = {};
  for (const [name, value] of Object.entries(item ?? {})) {
    if (typeof value === 'number' && name !== 'ttl' && name !== USAGE_STATE_ATTRIBUTES.bucket) counters[name] = value;
  }
  return counters;
}
