import type { MediaStorage } from '../ports/media-storage';
import type { StoredObjectEraser } from '../ports/stored-object-eraser';
import { mediaObjectPrefix } from './media';

/**
 * A deleted account's files in the media bucket, for the deletion job's
 * `stored-objects` step (and its final sweep): every object under the user's
 * prefix, found by listing it, so bytes whose item already expired or was
 * never completed (orphans) go too. The media items (`MEDIA#…`) live in the
 * user's partition and go with its sweep; the export reads them from there.
 */
export function mediaObjectsEraser(storage: Pick<MediaStorage, 'list' | 'delete'>): StoredObjectEraser {
  return {
    kind: 'media',
    async eraseAll(userId) {
      const keys = await storage.list(mediaObjectPrefix(userId));
      if (keys.length > 0) await storage.delete(keys);
      return 'done';
    },
  };
}
