import type { MediaUpload } from '../../contract/api/media';

/** A stored object's size and type, as the storage reports them. */
export interface StoredObject {
  size: number;
  contentType: string | undefined;
}

/**
 * The media bucket (S3 in AWS; locally an S3-compatible server behind a gate
 * that checks signatures the way S3 does). Bytes never pass through the API:
 * clients PUT and GET them with short-lived signed URLs.
 */
export interface MediaStorage {
  /** A signed PUT of exactly `size` bytes of `contentType`, valid `expiresInSeconds`; the object is marked unattached. */
  presignUpload(input: { key: string; contentType: string; size: number; expiresInSeconds: number }): Promise<MediaUpload>;
  /** A signed GET, valid `expiresInSeconds`. */
  presignDownload(key: string, expiresInSeconds: number): Promise<string>;
  head(key: string): Promise<StoredObject | undefined>;
  /** Bytes [start, end] (inclusive) of the object. */
  read(key: string, start: number, end: number): Promise<Uint8Array>;
  /** Bytes [start, end] (inclusive) as a stream, never held whole in memory. */
  stream(key: string, start: number, end: number): Promise<AsyncIterable<Uint8Array>>;
  /**
   * Marks objects attached to a post (kept) or not (removed by the bucket's
   * lifecycle a day after upload): a tag on each object.
   */
  markAttached(keys: readonly string[], attached: boolean): Promise<void>;
  /** Deletes objects; a missing one is not an error. */
  delete(keys: readonly string[]): Promise<void>;
  /** Every key under a prefix (account export and deletion). */
  list(prefix: string): Promise<string[]>;
}
