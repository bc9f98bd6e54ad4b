import type { MediaKind } from '../../contract/api/media';
import type { AssetUpload } from '../media/media';

/** LinkedIn's processing states of an image, document or video. */
export type AssetStatus = 'WAITING_UPLOAD' | 'PROCESSING' | 'AVAILABLE' | 'PROCESSING_FAILED';

/** How a LinkedIn call about an asset went, when it did not simply work. */
export type AssetFailure =
  | { outcome: 'unauthorized'; message: string }
  | { outcome: 'throttled'; message: string; retryAfterSeconds?: number }
  | { outcome: 'unavailable'; message: string }
  | { outcome: 'rejected'; status: number; message: string };

export type AssetResult<T> = ({ outcome: 'ok' } & T) | AssetFailure;

export interface InitializedAsset {
  urn: string;
  uploads: AssetUpload[];
  uploadToken: string;
}

/**
 * LinkedIn's Images, Documents and Videos APIs (`w_member_social`): initialize
 * an upload, PUT the bytes (videos in parts, each answering an ETag), finalize
 * a video, and read an asset's processing status. Never throws for an HTTP answer.
 */
export interface LinkedInAssets {
  initializeUpload(input: { accessToken: string; kind: MediaKind; owner: string; fileSizeBytes: number }): Promise<AssetResult<{ asset: InitializedAsset }>>;
  /** PUTs `length` bytes streamed from `body` to one upload URL; `etag` is LinkedIn's ETag header ('' when it sends none). */
  upload(input: { accessToken: string; url: string; body: AsyncIterable<Uint8Array>; length: number; contentType: string }): Promise<AssetResult<{ etag: string }>>;
  finalizeVideo(input: { accessToken: string; urn: string; uploadToken: string; etags: readonly string[] }): Promise<AssetResult<object>>;
  status(input: { accessToken: string; kind: MediaKind; urn: string }): Promise<AssetResult<{ status: AssetStatus }>>;
}
