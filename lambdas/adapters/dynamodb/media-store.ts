import { BatchGetCommand, DeleteCommand, GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StaleWriteError } from '../../core/errors';
import type { LinkedInAsset, MediaItem } from '../../core/media/media';
import type { MediaStore } from '../../core/ports/media-store';
import { RETENTION_DAYS, ttlAfterDays } from '../../core/retention';
import { cancellationReasons, isConditionalCheckFailure } from './document-client';
import { ENTITY, keys } from './keys';
import { putForExistingUser } from './owned-put';

const KEY_ATTRIBUTES = ['PK', 'SK', 'type', 'ttl'] as const;

export function toMediaRecord(item: MediaItem, ttl?: number): Record<string, unknown> {
  const record: Record<string, unknown> = { ...item, PK: keys.user(item.userId), SK: keys.mediaSk(item.id), type: ENTITY.media };
  // Absent rather than null: the post store's conditions test attribute_not_exists(postId).
  if (record['postId'] === null) delete record['postId'];
  if (ttl !== undefined) record['ttl'] = ttl;
  return record;
}

export function fromMediaRecord(record: Record<string, unknown>): MediaItem {
  const item = { ...record };
  for (const key of KEY_ATTRIBUTES) delete item[key];
  return { ...(item as unknown as MediaItem), postId: (item['postId'] as string | undefined) ?? null };
}

/** BatchGetItem takes at most 100 keys; a post has at most 20 media. */
const BATCH_GET_LIMIT = 100;

export class DynamoMediaStore implements MediaStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Only while the owner's account exists (AccountGoneError once it is deleted): no file is announced for a deleted account. */
  async create(item: MediaItem): Promise<void> {
    const record = toMediaRecord(item, ttlAfterDays(new Date(item.createdAt), RETENTION_DAYS.unattachedMedia));
    try {
      await putForExistingUser(this.db, this.tableName, item.userId, record, 'attribute_not_exists(PK)');
    } catch (error) {
      if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') throw new StaleWriteError(`Media ${item.id} already exists`);
      throw error;
    }
  }

  async get(userId: string, mediaId: string): Promise<MediaItem | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { PK: keys.user(userId), SK: keys.mediaSk(mediaId) }, ConsistentRead: true }));
    return Item ? fromMediaRecord(Item) : undefined;
  }

  async getMany(userId: string, mediaIds: readonly string[]): Promise<MediaItem[]> {
    const found: MediaItem[] = [];
    for (let i = 0; i < mediaIds.length; i += BATCH_GET_LIMIT) {
      let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
        [this.tableName]: { Keys: [...new Set(mediaIds.slice(i, i + BATCH_GET_LIMIT))].map((id) => ({ PK: keys.user(userId), SK: keys.mediaSk(id) })), ConsistentRead: true },
      };
      for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
        const result = await this.db.send(new BatchGetCommand({ RequestItems: request }));
        found.push(...(result.Responses?.[this.tableName] ?? []).map(fromMediaRecord));
        request = result.UnprocessedKeys as typeof request;
      }
    }
    return found;
  }

  async markReady(item: MediaItem): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: keys.user(item.userId), SK: keys.mediaSk(item.id) },
          UpdateExpression: 'SET #status = :ready, #size = :size, width = :width, height = :height, pages = :pages, durationSeconds = :duration, updatedAt = :at',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status', '#size': 'size' },
          ExpressionAttributeValues: {
            ':ready': 'ready',
            ':pending': 'pending',
            ':size': item.size,
            ':width': item.width,
            ':height': item.height,
            ':pages': item.pages,
            ':duration': item.durationSeconds,
            ':at': item.updatedAt,
          },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailure(error)) throw new StaleWriteError();
      throw error;
    }
  }

  async deleteUnattached(userId: string, mediaId: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { PK: keys.user(userId), SK: keys.mediaSk(mediaId) },
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(postId)',
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailure(error)) throw new StaleWriteError();
      throw error;
    }
  }

  async saveAsset(userId: string, mediaId: string, asset: LinkedInAsset | null, expectedUrn: string | undefined): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: keys.user(userId), SK: keys.mediaSk(mediaId) },
          UpdateExpression: 'SET asset = :asset',
          ConditionExpression: expectedUrn === undefined ? 'attribute_exists(PK) AND (attribute_not_exists(asset) OR asset = :null)' : 'asset.urn = :urn',
          ExpressionAttributeValues: { ':asset': asset, ...(expectedUrn === undefined ? { ':null': null } : { ':urn': expectedUrn }) },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailure(error)) throw new StaleWriteError();
      throw error;
    }
  }
}
