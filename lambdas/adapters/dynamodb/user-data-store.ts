import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MAIL_KINDS } from '../../contract/api/notifications';
import type { LinkedInConnection } from '../../core/linkedin/connection';
import type { OutboxMail } from '../../core/mail/outbox';
import type { StoredRecord, UserDataPage, UserDataStore } from '../../core/ports/user-data-store';
import { TABLE } from '../../contract/table-definition';
import { batchDelete } from './batch-delete';
import { ENTITY, keys, USAGE_STATE_ATTRIBUTES } from './keys';
import { fromMediaRecord } from './media-store';
import { fromPostItem } from './post-store';
import { fromScheduleItem } from './queue-store';
import { fromTakenItem } from './taken-instants';
import { fromProfileItem } from './user-store';

/** Attributes of the daily usage item that are not counters. */
const USAGE_NON_COUNTERS = new Set(['PK', 'SK', 'type', 'day', TABLE.ttlAttribute, USAGE_STATE_ATTRIBUTES.bucket]);

/**
 * The user's partition, `USER#<uid>`, read one Query page (up to 1 MB) at a
 * time in sort-key order, strongly consistent (the deletion's last sweep must
 * see the latest writes), and decoded by each item's `type` with the same
 * decoders the stores use. Erasing is by key, 25 deletes a call.
 */
export class DynamoUserDataStore implements UserDataStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async page(userId: string, after?: string): Promise<UserDataPage> {
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.user(userId) },
        ConsistentRead: true,
        ...(after !== undefined ? { ExclusiveStartKey: { PK: keys.user(userId), SK: after } } : {}),
      }),
    );
    return {
      items: Items.map((item) => ({ ref: String(item['SK']), record: decode(item) })),
      ...(LastEvaluatedKey ? { next: String(LastEvaluatedKey['SK']) } : {}),
    };
  }

  async erase(userId: string, refs: readonly string[]): Promise<void> {
    await batchDelete(
      this.db,
      this.tableName,
      refs.map((SK) => ({ PK: keys.user(userId), SK })),
    );
  }
}

/** An item of the partition as the domain sees it; a type this adapter does not know comes back as `unknown`. */
export function decode(item: Record<string, unknown>): StoredRecord {
  const type = typeof item['type'] === 'string' ? item['type'] : `untyped ${String(item['SK']).split('#')[0]}`;
  switch (type) {
    case ENTITY.user:
      return { kind: 'profile', profile: fromProfileItem(item) };
    case ENTITY.post:
      return { kind: 'post', post: fromPostItem(item) };
    case ENTITY.linkedin:
      return { kind: 'linkedin', connection: withoutKeys(item) as unknown as LinkedInConnection };
    case ENTITY.mail:
      return { kind: 'mail', mail: withoutKeys(item) as unknown as OutboxMail };
    case ENTITY.media:
      return { kind: 'media', media: fromMediaRecord(item) };
    case ENTITY.mailPrefs:
      return { kind: 'mailPreferences', preferences: Object.fromEntries(MAIL_KINDS.filter((k) => typeof item[k] === 'boolean').map((k) => [k, item[k] as boolean])) };
    case ENTITY.voice:
      return {
        kind: 'voice',
        voice: { styleProfile: (item['styleProfile'] as string | null | undefined) ?? null, examples: (item['examples'] as string[] | undefined) ?? [] },
        updatedAt: (item['updatedAt'] as string | undefined) ?? null,
      };
    case ENTITY.usage: {
      const counters: Record<string, number> = {};
      for (const [name, value] of Object.entries(item)) if (!USAGE_NON_COUNTERS.has(name) && typeof value === 'number') counters[name] = value;
      return { kind: 'usage', day: String(item['day'] ?? String(item['SK']).slice(keys.usageSk('').length)), counters };
    }
    case ENTITY.schedule:
      return { kind: 'schedule', schedule: fromScheduleItem(String(item['PK']).slice(keys.user('').length), item) };
    case ENTITY.taken:
      return { kind: 'taken', taken: fromTakenItem(item) };
    case ENTITY.audit:
      return {
        kind: 'audit',
        at: String(item['at']),
        type: String(item['event']),
        data: (item['data'] as Record<string, string | number | boolean | null> | undefined) ?? {},
      };
    default:
      return { kind: 'unknown', type };
  }
}

/** The item without its table and index keys. */
function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...item };
  for (const key of ['PK', 'SK', 'type', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', TABLE.ttlAttribute]) delete rest[key];
  return rest;
}
