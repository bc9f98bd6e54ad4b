import type { MediaStorage } from '../ports/media-storage';
import type { MediaStore } from '../ports/media-store';
import { mediaObjectPrefix, type MediaItem } from './media';

/**
 * A user's media as a whole, for account export and deletion (issue 14): every
 * item under their partition, and every object under their prefix in the
 * bucket (which also finds bytes whose item already expired).
 */
export interface UserMediaDeps {
  media: MediaStore;
  storage: MediaStorage;
}

/** Every media item of the user (pending and ready, attached or not), for an export. */
export async function listUserMedia(deps: Pick<UserMediaDeps, 'media'>, userId: string): Promise<MediaItem[]> {
  const items: MediaItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.media.listByUser(userId, cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/**
 * Deletes all of a user's media: the objects first (so nothing is left that no
 * item points to), then the items. Safe to run again after a failure; posts are
 * the caller's (delete them too, or their media references dangle).
 */
export async function deleteUserMedia(deps: UserMediaDeps, userId: string): Promise<{ objects: number; items: number }> {
  const keys = await deps.storage.list(mediaObjectPrefix(userId));
  await deps.storage.delete(keys);
  const items = await listUserMedia(deps, userId);
  await deps.media.deleteMany(userId, items.map((item) => item.id));
  return { objects: keys.length, items: items.length };
}
