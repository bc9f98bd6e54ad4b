import { ConflictError, NotFoundError, StaleWriteError, UnprocessableError } from '../errors';
import type { Clock } from '../ports/clock';
import type { MediaInspector } from '../ports/media-inspector';
import type { MediaStorage } from '../ports/media-storage';
import type { MediaStore } from '../ports/media-store';
import { formatBytes, MEDIA_ID_PATTERN, MEDIA_UPLOAD_URL_SECONDS, type MediaUpload } from '../../contract/api/media';
import { mediaObjectKey, newMediaId, type MediaItem } from './media';
import type { CreateMediaInput } from './media-input';

export interface MediaDeps {
  media: MediaStore;
  storage: MediaStorage;
  clock: Clock;
}

export interface CompleteMediaDeps extends MediaDeps {
  inspector: MediaInspector;
}

/** A pending media item and the signed PUT its bytes go to (nothing reaches LinkedIn until a post publishes). */
export async function createMedia(deps: MediaDeps, userId: string, input: CreateMediaInput): Promise<{ item: MediaItem; upload: MediaUpload }> {
  const now = deps.clock.now();
  const item: MediaItem = {
    userId,
    id: newMediaId(input.kind, now),
    kind: input.kind,
    status: 'pending',
    contentType: input.contentType,
    size: input.size,
    fileName: input.fileName,
    width: null,
    height: null,
    pages: null,
    durationSeconds: null,
    postId: null,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  // The URL first: should signing fail, no item is left behind.
  const upload = await deps.storage.presignUpload({ key: mediaObjectKey(userId, item.id), contentType: item.contentType, size: item.size, expiresInSeconds: MEDIA_UPLOAD_URL_SECONDS });
  await deps.media.create(item);
  return { item, upload };
}

/** The user's own media item, or 404 — also for another user's id and ids that cannot exist. */
export async function getMedia(deps: Pick<MediaDeps, 'media'>, userId: string, mediaId: string): Promise<MediaItem> {
  const item = MEDIA_ID_PATTERN.test(mediaId) ? await deps.media.get(userId, mediaId) : undefined;
  if (!item) throw new NotFoundError(`No media with id "${mediaId}" in your account.`);
  return item;
}

/**
 * Checks the uploaded bytes (real size, magic bytes, decodable image, PDF that
 * opens, video duration) and makes the item ready. Anything wrong: 422
 * MEDIA_INVALID saying what, and the object and item are removed, so a bad
 * file can never be attached. Completing a ready item again changes nothing.
 */
export async function completeMedia(deps: CompleteMediaDeps, userId: string, mediaId: string): Promise<MediaItem> {
  const item = await getMedia(deps, userId, mediaId);
  if (item.status === 'ready') return item;
  const key = mediaObjectKey(userId, item.id);
  const stored = await deps.storage.head(key);
  if (!stored) {
    throw new ConflictError(
      'The file has not arrived yet: PUT it to the upload URL (with its headers) and wait for that to finish, then complete. An upload URL works for 15 minutes; after that, start again.',
      'MEDIA_NOT_UPLOADED',
    );
  }
  const inspection =
    stored.size !== item.size
      ? { ok: false as const, problem: `The upload has ${formatBytes(stored.size)}, not the ${formatBytes(item.size)} announced; upload the file again.` }
      : await deps.inspector.inspect({ key, kind: item.kind, contentType: item.contentType, size: item.size });
  if (!inspection.ok) {
    await deps.storage.delete([key]);
    await deps.media.deleteUnattached(userId, item.id).catch((error: unknown) => {
      if (!(error instanceof StaleWriteError)) throw error;
    });
    throw new UnprocessableError(`${item.fileName}: ${inspection.problem}`, 'MEDIA_INVALID', [{ field: 'file', message: inspection.problem }]);
  }
  const ready: MediaItem = { ...item, status: 'ready', ...inspection.facts, updatedAt: deps.clock.now().toISOString() };
  try {
    await deps.media.markReady(ready);
  } catch (error) {
    if (!(error instanceof StaleWriteError)) throw error;
    // Completed by a concurrent request meanwhile (or deleted): answer with what is stored now.
    return getMedia(deps, userId, item.id);
  }
  return ready;
}

/** Deletes a media item and its bytes; one attached to a post stays until it is removed from the post (or the post is deleted). */
export async function deleteMedia(deps: MediaDeps, userId: string, mediaId: string): Promise<void> {
  const item = await getMedia(deps, userId, mediaId);
  if (item.postId) throw attachedError(item.postId);
  try {
    await deps.media.deleteUnattached(userId, item.id);
  } catch (error) {
    if (!(error instanceof StaleWriteError)) throw error;
    const now = await deps.media.get(userId, item.id);
    if (now?.postId) throw attachedError(now.postId);
  }
  await deps.storage.delete([mediaObjectKey(userId, item.id)]);
}

function attachedError(postId: string): ConflictError {
  return new ConflictError(`This file is attached to post ${postId}; remove it from that post first (or delete the post, which deletes its media).`, 'MEDIA_ATTACHED');
}
