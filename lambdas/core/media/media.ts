import type { MediaKind, MediaView } from '../../contract/api/media';
import { MEDIA_ID_PREFIX } from '../../contract/api/media';
import { newId } from '../ids';

/**
 * What Mark.0 knows of one uploaded file: who owns it, what it claims to be,
 * what the checks found, the post it is attached to, and, once the post
 * publishes, the LinkedIn asset made from it.
 */
export interface MediaItem extends Omit<MediaView, 'previewUrl'> {
  userId: string;
  updatedAt: string;
  /** The LinkedIn asset made from this file (the publisher stores each step the moment LinkedIn answers). */
  asset?: LinkedInAsset | null;
}

/**
 * A LinkedIn image, document or video, step by step: `initialized` (LinkedIn
 * returned the URN and upload URLs: stored before a byte is sent), `uploaded`
 * (every part PUT; videos keep each part's ETag), `finalized` (videos: LinkedIn
 * took the ETags). A retry resumes from the stored step with the same URN.
 */
export interface LinkedInAsset {
  urn: string;
  /** The member the asset was made for: another member (after a reconnect as someone else) needs a new asset. */
  owner: string;
  state: 'initialized' | 'uploaded' | 'finalized';
  uploads: AssetUpload[];
  /** Videos: the ETag of each part, in order, as LinkedIn answered its PUT ('' until sent). */
  etags: string[];
  /** Videos: finalizeUpload's uploadToken. */
  uploadToken: string;
}

/** One PUT LinkedIn asked for: bytes [firstByte, lastByte] of the file to `url`. */
export interface AssetUpload {
  url: string;
  firstByte: number;
  lastByte: number;
}

/** Where the bytes live in the media bucket: under the owner's id, taken from the verified token. */
export function mediaObjectKey(userId: string, mediaId: string): string {
  return `${mediaObjectPrefix(userId)}${mediaId}`;
}

/** Every object of one user (account export and deletion). */
export function mediaObjectPrefix(userId: string): string {
  return `media/${userId}/`;
}

export function newMediaId(kind: MediaKind, at: Date): string {
  return `${MEDIA_ID_PREFIX[kind]}${newId(at)}`;
}

export function toMediaView(item: MediaItem, previewUrl: string | null): MediaView {
  return {
    id: item.id,
    kind: item.kind,
    status: item.status,
    contentType: item.contentType,
    size: item.size,
    fileName: item.fileName,
    width: item.width ?? null,
    height: item.height ?? null,
    pages: item.pages ?? null,
    durationSeconds: item.durationSeconds ?? null,
    previewUrl: item.status === 'ready' ? previewUrl : null,
    postId: item.postId ?? null,
    createdAt: item.createdAt,
  };
}
