import type { LinkedInAsset, MediaItem } from '../media/media';

/**
 * Where media items live (DynamoDB: `USER#<uid>` / `MEDIA#<id>`, under the
 * owner's partition). Attaching media to a post is the post store's job, in
 * the same transaction as the post write (PostStore, `media` write option).
 */
export interface MediaStore {
  /** A new pending item; it expires (TTL) a day later unless attached to a post. */
  create(item: MediaItem): Promise<void>;
  get(userId: string, mediaId: string): Promise<MediaItem | undefined>;
  /** Several of one user's items (missing ones are left out), in no particular order. */
  getMany(userId: string, mediaIds: readonly string[]): Promise<MediaItem[]>;
  /** pending → ready with the checked facts; StaleWriteError unless it is still pending. */
  markReady(item: MediaItem): Promise<void>;
  /** Deletes an item not attached to any post; StaleWriteError if it is attached (or gone). */
  deleteUnattached(userId: string, mediaId: string): Promise<void>;
  /**
   * The publisher's record of the LinkedIn asset made from this item. With
   * `expectedUrn` undefined the write succeeds only if no asset is stored yet
   * (two workers never both initialize); else only if the stored URN is that one.
   * StaleWriteError otherwise.
   */
  saveAsset(userId: string, mediaId: string, asset: LinkedInAsset | null, expectedUrn: string | undefined): Promise<void>;
}
