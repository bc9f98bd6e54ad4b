import { RETENTION_DAYS, ttlAfterDays } from '../../core/retention';
import { ENTITY, keys } from './keys';

/** The daily usage item (`USER#<uid> / USAGE#<day>`) that the request meter and the request recorder both add to. */
export function usageDayItem(tableName: string, userId: string, day: string) {
  return { TableName: tableName, Key: { PK: keys.user(userId), SK: keys.usageSk(day) } };
}

/** What an update of the day's item sets beside its counter: its type, its day, and its TTL (kept the retention past the day). */
export function usageDayValues(day: string): Record<string, unknown> {
  return {
    ':type': ENTITY.usage,
    ':day': day,
    ':ttl': ttlAfterDays(new Date(`${day}T00:00:00.000Z`), RETENTION_DAYS.usageCounters + 1),
  };
}

export const USAGE_DAY_NAMES = { '#type': 'type', '#day': 'day', '#ttl': 'ttl' };
