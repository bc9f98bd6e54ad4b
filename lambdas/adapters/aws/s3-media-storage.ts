import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { MEDIA_ATTACHED_TAG as ATTACHED_TAG, type MediaUpload } from '../../contract/api/media';
import type { MediaStorage, StoredObject } from '../../core/ports/media-storage';

/** Where S3 is: AWS's (region from the environment), or an S3-compatible endpoint (the local runtime's, path-style). */
export interface S3Location {
  bucket: string;
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function createS3Client(location: S3Location): S3Client {
  return new S3Client({
    ...(location.endpoint ? { endpoint: location.endpoint, forcePathStyle: true } : {}),
    ...(location.region ? { region: location.region } : {}),
    ...(location.credentials ? { credentials: location.credentials } : {}),
    // Without this the SDK signs a CRC32 of the (empty) body into presigned PUTs, and S3 refuses the real upload.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * The media bucket over the AWS SDK. Uploads and previews are presigned
 * (SigV4): the PUT signs Content-Length, Content-Type and the lifecycle tag, so
 * S3 refuses more or fewer bytes, another type, or an untagged object. The same
 * adapter runs locally against the runtime's S3 twin.
 */
export class S3MediaStorage implements MediaStorage {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async presignUpload(input: { key: string; contentType: string; size: number; expiresInSeconds: number }): Promise<MediaUpload> {
    const tagging = `${ATTACHED_TAG.key}=${ATTACHED_TAG.no}`;
    const signedAt = this.now();
    const url = await getSignedUrl(
      this.s3,
      new PutObjectCommand({ Bucket: this.bucket, Key: input.key, ContentType: input.contentType, ContentLength: input.size, Tagging: tagging }),
      {
        expiresIn: input.expiresInSeconds,
        signingDate: signedAt,
        signableHeaders: new Set(['content-length', 'content-type']),
        // Sent as a header (and signed), so the object cannot be stored without its lifecycle tag.
        unhoistableHeaders: new Set(['x-amz-tagging']),
      },
    );
    return {
      url,
      method: 'PUT',
      // Content-Length is set by the client from the body (browsers refuse to set it by hand) and must equal `size`.
      headers: { 'Content-Type': input.contentType, 'x-amz-tagging': tagging },
      expiresAt: new Date(signedAt.getTime() + input.expiresInSeconds * 1000).toISOString(),
    };
  }

  /**
   * Signed at the start of the hour and valid two hours: the same URL for an hour
   * (browsers cache the image), and always at least an hour left.
   */
  presignDownload(key: string, expiresInSeconds: number): Promise<string> {
    const hour = new Date(Math.floor(this.now().getTime() / 3_600_000) * 3_600_000);
    return getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: expiresInSeconds + 3600, signingDate: hour });
  }

  async head(key: string): Promise<StoredObject | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: head.ContentLength ?? 0, contentType: head.ContentType };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async read(key: string, start: number, end: number): Promise<Uint8Array> {
    const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=${start}-${end}` }));
    return object.Body!.transformToByteArray();
  }

  async stream(key: string, start: number, end: number): Promise<AsyncIterable<Uint8Array>> {
    const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=${start}-${end}` }));
    // In Node the body is an http.IncomingMessage: read chunk by chunk, with backpressure.
    return object.Body as unknown as AsyncIterable<Uint8Array>;
  }

  async markAttached(keys: readonly string[], attached: boolean): Promise<void> {
    const value = attached ? ATTACHED_TAG.yes : ATTACHED_TAG.no;
    await Promise.all(
      keys.map(async (key) => {
        try {
          await this.s3.send(new PutObjectTaggingCommand({ Bucket: this.bucket, Key: key, Tagging: { TagSet: [{ Key: ATTACHED_TAG.key, Value: value }] } }));
        } catch (error) {
          if (!isMissing(error)) throw error;
        }
      }),
    );
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const result = await this.s3.send(
        new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }),
      );
      const failed = (result.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
      if (failed.length > 0) throw new Error(`S3 did not delete ${failed.length} object(s): ${failed[0]!.Code} ${failed[0]!.Message}`);
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
      keys.push(...(page.Contents ?? []).map((o) => o.Key!).filter(Boolean));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }
}

function isMissing(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return name === 'NotFound' || name === 'NoSuchKey' || status === 404;
}
