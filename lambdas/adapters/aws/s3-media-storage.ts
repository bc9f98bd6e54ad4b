import { MEDIA_ATTACHED_TAG as ATTACHED_TAG, type MediaUpload } from '../../contract/api/media';
import type { MediaStorage, StoredObject } from '../../core/ports/media-storage';
import type { AwsCredentials } from './aws-api';
import { escapeXml, S3Api, xmlElements, xmlValue } from './s3-api';
import { presignPreview } from './s3-previews';

/** Where S3 is: AWS's (region from the environment), or an S3-compatible endpoint (the local runtime's, path-style). */
export interface S3Location {
  bucket: string;
  endpoint?: string;
  region?: string;
  credentials?: AwsCredentials;
}

export function createS3Client(location: S3Location): S3Api {
  return new S3Api({
    bucket: location.bucket,
    ...(location.endpoint ? { endpoint: location.endpoint } : {}),
    ...(location.region ? { region: location.region } : {}),
    ...(location.credentials ? { credentials: location.credentials } : {}),
  });
}

/**
 * The media bucket, over a small signed S3 client (s3-api.ts). Uploads and
 * previews are presigned (SigV4): the PUT signs Content-Length, Content-Type and
 * the lifecycle tag, so S3 refuses more or fewer bytes, another type, or an
 * untagged object. The same adapter runs locally against the runtime's S3 twin.
 */
export class S3MediaStorage implements MediaStorage {
  constructor(
    private readonly s3: S3Api,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async presignUpload(input: { key: string; contentType: string; size: number; expiresInSeconds: number }): Promise<MediaUpload> {
    const tagging = `${ATTACHED_TAG.key}=${ATTACHED_TAG.no}`;
    const signedAt = this.now();
    const url = await this.s3.presign('PUT', input.key, {
      headers: { 'Content-Type': input.contentType, 'Content-Length': String(input.size), 'x-amz-tagging': tagging },
      expiresInSeconds: input.expiresInSeconds,
      signingDate: signedAt,
      // Sent as a header (and signed), so the object cannot be stored without its lifecycle tag.
      unhoistableHeaders: ['x-amz-tagging'],
    });
    return {
      url,
      method: 'PUT',
      // Content-Length is set by the client from the body (browsers refuse to set it by hand) and must equal `size`.
      headers: { 'Content-Type': input.contentType, 'x-amz-tagging': tagging },
      expiresAt: new Date(signedAt.getTime() + input.expiresInSeconds * 1000).toISOString(),
    };
  }

  /** A preview (s3-previews.ts): the same URL for an hour, always at least an hour left. */
  presignDownload(key: string, expiresInSeconds: number): Promise<string> {
    return presignPreview(this.s3, key, expiresInSeconds, this.now());
  }

  async head(key: string): Promise<StoredObject | undefined> {
    try {
      const head = await this.s3.send('HEAD', key);
      return { size: Number(head.headers.get('content-length') ?? 0), contentType: head.headers.get('content-type') ?? undefined };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async read(key: string, start: number, end: number): Promise<Uint8Array> {
    const object = await this.s3.send('GET', key, { headers: { range: `bytes=${start}-${end}` } });
    return new Uint8Array(await object.arrayBuffer());
  }

  async stream(key: string, start: number, end: number): Promise<AsyncIterable<Uint8Array>> {
    const object = await this.s3.send('GET', key, { headers: { range: `bytes=${start}-${end}` } });
    // A web ReadableStream: read chunk by chunk, with backpressure.
    return object.body as unknown as AsyncIterable<Uint8Array>;
  }

  async markAttached(keys: readonly string[], attached: boolean): Promise<void> {
    const value = attached ? ATTACHED_TAG.yes : ATTACHED_TAG.no;
    const tagging = `<Tagging><TagSet><Tag><Key>${escapeXml(ATTACHED_TAG.key)}</Key><Value>${escapeXml(value)}</Value></Tag></TagSet></Tagging>`;
    await Promise.all(
      keys.map(async (key) => {
        try {
          await (await this.s3.send('PUT', key, { query: { tagging: '' }, body: tagging, headers: { 'content-type': 'application/xml' } })).arrayBuffer();
        } catch (error) {
          if (!isMissing(error)) throw error;
        }
      }),
    );
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const objects = keys
        .slice(i, i + 1000)
        .map((key) => `<Object><Key>${escapeXml(key)}</Key></Object>`)
        .join('');
      const answer = await this.s3.send('POST', '', { query: { delete: '' }, body: `<Delete><Quiet>true</Quiet>${objects}</Delete>`, headers: { 'content-type': 'application/xml' } });
      const failed = xmlElements(await answer.text(), 'Error')
        .map((error) => ({ code: xmlValue(error, 'Code') ?? '', message: xmlValue(error, 'Message') ?? '' }))
        .filter((error) => error.code !== 'NoSuchKey');
      if (failed.length > 0) throw new Error(`S3 did not delete ${failed.length} object(s): ${failed[0]!.code} ${failed[0]!.message}`);
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const answer = await this.s3.send('GET', '', { query: { 'list-type': '2', prefix, ...(token ? { 'continuation-token': token } : {}) } });
      const page = await answer.text();
      keys.push(...xmlElements(page, 'Contents').map((contents) => xmlValue(contents, 'Key') ?? '').filter(Boolean));
      token = xmlValue(page, 'IsTruncated') === 'true' ? xmlValue(page, 'NextContinuationToken') : undefined;
    } while (token);
    return keys;
  }
}

function isMissing(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return name === 'NotFound' || name === 'NoSuchKey' || status === 404;
}
