import type { MediaWrite } from '../../core/ports/post-store';
import { keys } from './keys';

/**
 * The media items a post write touches, as TransactWriteItems entries (after
 * the post's own write and the owner's post counts): attach, require, detach and delete, each
 * conditional on the item being ready and this post's (or no post's, to attach).
 * `ids[i]` is the media id of `items[i]`, so a cancellation reason names it.
 */
export interface MediaTransactItems {
  items: Record<string, unknown>[];
  ids: string[];
}

/** True when a write's MediaWrite names at least one file (so it has media items in its transaction). */
export function movesMedia(media: MediaWrite | undefined): boolean {
  return [media?.attach, media?.require, media?.detach, media?.delete].some((ids) => (ids?.length ?? 0) > 0);
}

export function mediaTransactItems(tableName: string, userId: string, postId: string, media: MediaWrite | undefined): MediaTransactItems {
  const items: Record<string, unknown>[] = [];
  const ids: string[] = [];
  if (!media) return { items, ids };
  const key = (id: string) => ({ PK: keys.user(userId), SK: keys.mediaSk(id) });
  const names = { '#status': 'status', '#post': 'postId' };
  for (const id of media.attach ?? []) {
    items.push({
      Update: {
        TableName: tableName,
        Key: key(id),
        // Attached media is kept as long as its post: no TTL.
        UpdateExpression: 'SET #post = :post REMOVE #ttl',
        ConditionExpression: '#status = :ready AND (attribute_not_exists(#post) OR #post = :post)',
        ExpressionAttributeNames: { ...names, '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':ready': 'ready', ':post': postId },
      },
    });
    ids.push(id);
  }
  for (const id of media.require ?? []) {
    items.push({
      ConditionCheck: {
        TableName: tableName,
        Key: key(id),
        ConditionExpression: '#status = :ready AND #post = :post',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':ready': 'ready', ':post': postId },
      },
    });
    ids.push(id);
  }
  for (const id of media.detach ?? []) {
    if (media.detachedExpireAt === undefined) throw new Error('detach needs detachedExpireAt');
    items.push({
      Update: {
        TableName: tableName,
        Key: key(id),
        UpdateExpression: 'REMOVE #post SET #ttl = :expires',
        ConditionExpression: '#post = :post',
        ExpressionAttributeNames: { '#post': 'postId', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':post': postId, ':expires': media.detachedExpireAt },
      },
    });
    ids.push(id);
  }
  for (const id of media.delete ?? []) {
    items.push({
      Delete: {
        TableName: tableName,
        Key: key(id),
        ConditionExpression: 'attribute_not_exists(PK) OR #post = :post',
        ExpressionAttributeNames: { '#post': 'postId' },
        ExpressionAttributeValues: { ':post': postId },
      },
    });
    ids.push(id);
  }
  return { items, ids };
}
