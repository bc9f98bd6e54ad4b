import { ConflictError, NotFoundError, type AppError } from '../errors';
import { mediaObjectKey } from '../media/media';
import type { MediaStorage } from '../ports/media-storage';
import type { MediaStore } from '../ports/media-store';
import { MediaUnavailableError } from '../ports/post-store';
import type { PostMedia } from './post';

/** What the posts use cases need of media: the items (attach, check) and the bucket (keep or let expire). */
export interface PostMediaDeps {
  media: MediaStore;
  storage: MediaStorage;
}

/** Which ids a change of a post's media attaches and which it lets go. */
export function mediaChanges(current: readonly PostMedia[], next: readonly PostMedia[]): { attach: string[]; detach: string[] } {
  const before = new Set(current.map((m) => m.id));
  const after = new Set(next.map((m) => m.id));
  return { attach: [...after].filter((id) => !before.has(id)), detach: [...before].filter((id) => !after.has(id)) };
}

/**
 * Runs a post write that touches media; a media item that turned out missing,
 * unfinished or another post's becomes the error its owner can act on (another
 * user's id is a 404, like one that never existed).
 */
export async function explainingMedia<T>(deps: Partial<PostMediaDeps>, userId: string, postId: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof MediaUnavailableError)) throw error;
    throw await unavailable(deps, userId, postId, error.mediaId);
  }
}

async function unavailable(deps: Partial<PostMediaDeps>, userId: string, postId: string, mediaId: string): Promise<AppError> {
  const item = await deps.media?.get(userId, mediaId);
  if (!item) return new NotFoundError(`No media with id "${mediaId}" in your account (it may have been deleted, or expired a day after upload without a post).`);
  if (item.status !== 'ready') {
    return new ConflictError(`${item.fileName} is not ready yet: finish its upload (POST /v1/media/${mediaId}/complete) before attaching it.`, 'MEDIA_NOT_READY');
  }
  if (item.postId && item.postId !== postId) {
    return new ConflictError(`${item.fileName} is already attached to another post (${item.postId}); upload it again for this one.`, 'MEDIA_IN_USE');
  }
  return new ConflictError(`${item.fileName} is no longer attached to this post; reload the post and attach it again.`, 'MEDIA_IN_USE');
}

/** Keeps (attached) or lets expire (detached) the objects of these media ids; a missing object is not an error. */
export async function markObjects(deps: Partial<PostMediaDeps>, userId: string, mediaIds: readonly string[], attached: boolean): Promise<void> {
  if (mediaIds.length === 0) return;
  if (!deps.storage) throw new Error('This function has no media storage');
  await deps.storage.markAttached(mediaIds.map((id) => mediaObjectKey(userId, id)), attached);
}
