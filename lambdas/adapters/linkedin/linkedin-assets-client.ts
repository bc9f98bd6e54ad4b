import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AssetFailure, AssetResult, AssetStatus, InitializedAsset, LinkedInAssets } from '../../core/ports/linkedin-assets';
import type { AssetUpload } from '../../core/media/media';
import { parseRetryAfter } from '../../contract/http/retry-after';
import type { MediaKind } from '../../contract/api/media';
import type { LinkedInConfig } from './linkedin-config';
import { jsonBody, messageOf } from './linkedin-http-client';

/** The Images, Documents and Videos APIs' resource for each kind. */
const RESOURCE: Record<MediaKind, 'images' | 'documents' | 'videos'> = { image: 'images', document: 'documents', video: 'videos' };
const URN_FIELD: Record<MediaKind, 'image' | 'document' | 'video'> = { image: 'image', document: 'document', video: 'video' };
const STATUSES: readonly AssetStatus[] = ['WAITING_UPLOAD', 'PROCESSING', 'AVAILABLE', 'PROCESSING_FAILED'];

/**
 * LinkedIn's media APIs over HTTPS. JSON calls go through fetch with the
 * adapter's timeout; uploads through node:http(s) with an explicit
 * Content-Length and the body piped from storage chunk by chunk (backpressure:
 * a 500 MB video never sits in memory), bounded by an idle timeout.
 */
export class LinkedInAssetsClient implements LinkedInAssets {
  constructor(
    private readonly config: LinkedInConfig,
    private readonly fetchFn: typeof fetch = fetch,
    /** An upload part may take a while on a slow link; it fails when no byte moves for this long. */
    private readonly uploadIdleTimeoutMs = 30_000,
  ) {}

  async initializeUpload(input: { accessToken: string; kind: MediaKind; owner: string; fileSizeBytes: number }): Promise<AssetResult<{ asset: InitializedAsset }>> {
    const request =
      input.kind === 'video'
        ? { owner: input.owner, fileSizeBytes: input.fileSizeBytes, uploadCaptions: false, uploadThumbnail: false }
        : { owner: input.owner };
    const answer = await this.json(input.accessToken, 'POST', `/rest/${RESOURCE[input.kind]}?action=initializeUpload`, { initializeUploadRequest: request });
    if (answer.outcome !== 'ok') return answer;
    const value = answer.body?.['value'] as Record<string, unknown> | undefined;
    const urn = value?.[URN_FIELD[input.kind]];
    if (typeof urn !== 'string' || !urn.startsWith('urn:li:')) return { outcome: 'unavailable', message: 'LinkedIn answered initializeUpload without an asset URN.' };
    let uploads: AssetUpload[];
    if (input.kind === 'video') {
      const instructions = value?.['uploadInstructions'];
      if (!Array.isArray(instructions) || instructions.length === 0) return { outcome: 'unavailable', message: 'LinkedIn answered initializeUpload without upload instructions.' };
      uploads = instructions.map((i: Record<string, unknown>) => ({ url: String(i['uploadUrl']), firstByte: Number(i['firstByte']), lastByte: Number(i['lastByte']) }));
      if (uploads.some((u) => !u.url.startsWith('http') || !Number.isInteger(u.firstByte) || !Number.isInteger(u.lastByte) || u.lastByte < u.firstByte)) {
        return { outcome: 'unavailable', message: 'LinkedIn answered initializeUpload with malformed upload instructions.' };
      }
    } else {
      const url = value?.['uploadUrl'];
      if (typeof url !== 'string' || !url.startsWith('http')) return { outcome: 'unavailable', message: 'LinkedIn answered initializeUpload without an upload URL.' };
      uploads = [{ url, firstByte: 0, lastByte: input.fileSizeBytes - 1 }];
    }
    return { outcome: 'ok', asset: { urn, uploads, uploadToken: typeof value?.['uploadToken'] === 'string' ? value['uploadToken'] : '' } };
  }

  upload(input: { accessToken: string; url: string; body: AsyncIterable<Uint8Array>; length: number; contentType: string }): Promise<AssetResult<{ etag: string }>> {
    const url = new URL(input.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: AssetResult<{ etag: string }>) => {
        if (!settled) {
          settled = true;
          resolve(result);
        }
      };
      const req = send(url, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${input.accessToken}`, 'Content-Type': 'application/octet-stream', 'Content-Length': String(input.length) },
        timeout: this.uploadIdleTimeoutMs,
      });
      req.on('timeout', () => req.destroy(new Error('idle')));
      req.on('error', (error) => finish({ outcome: 'unavailable', message: error.message === 'idle' ? `LinkedIn took no upload bytes for ${this.uploadIdleTimeoutMs} ms.` : 'LinkedIn could not be reached for the upload.' }));
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.length < 64 && chunks.push(chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return finish({ outcome: 'ok', etag: String(res.headers['etag'] ?? '') });
          let body: Record<string, unknown> | undefined;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          } catch {
            body = undefined;
          }
          finish(classify(status, body, res.headers['retry-after'] as string | undefined));
        });
        res.on('error', () => finish({ outcome: 'unavailable', message: 'The upload answer was cut off.' }));
      });
      void (async () => {
        try {
          for await (const chunk of input.body) {
            if (settled) return;
            if (!req.write(chunk)) await new Promise<void>((drained) => req.once('drain', drained));
          }
          req.end();
        } catch {
          req.destroy(new Error('The file could not be read from storage.'));
        }
      })();
    });
  }

  async finalizeVideo(input: { accessToken: string; urn: string; uploadToken: string; etags: readonly string[] }): Promise<AssetResult<object>> {
    const answer = await this.json(input.accessToken, 'POST', '/rest/videos?action=finalizeUpload', {
      finalizeUploadRequest: { video: input.urn, uploadToken: input.uploadToken, uploadedPartIds: input.etags },
    });
    return answer.outcome === 'ok' ? { outcome: 'ok' } : answer;
  }

  async status(input: { accessToken: string; kind: MediaKind; urn: string }): Promise<AssetResult<{ status: AssetStatus }>> {
    const answer = await this.json(input.accessToken, 'GET', `/rest/${RESOURCE[input.kind]}/${encodeURIComponent(input.urn)}`);
    if (answer.outcome !== 'ok') return answer;
    const status = answer.body?.['status'];
    return STATUSES.includes(status as AssetStatus) ? { outcome: 'ok', status: status as AssetStatus } : { outcome: 'unavailable', message: `LinkedIn answered an unknown status ${String(status)}.` };
  }

  private async json(accessToken: string, method: string, path: string, body?: unknown): Promise<AssetResult<{ body: Record<string, unknown> | undefined }>> {
    let res: Response;
    try {
      res = await this.fetchFn(`${this.config.apiUrl}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${accessToken}`,
          'LinkedIn-Version': this.config.version,
          'X-Restli-Protocol-Version': '2.0.0',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.config.timeoutMs),
        redirect: 'manual',
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return { outcome: 'unavailable', message: timedOut ? `LinkedIn did not answer within ${this.config.timeoutMs} ms.` : 'LinkedIn could not be reached.' };
    }
    const parsed = await jsonBody(res).catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { outcome: 'ok', body: parsed };
    return classify(res.status, parsed, res.headers.get('retry-after') ?? undefined);
  }
}

function classify(status: number, body: Record<string, unknown> | undefined, retryAfter: string | undefined): AssetFailure {
  const message = messageOf(body) ?? `LinkedIn answered HTTP ${status}.`;
  if (status === 401) return { outcome: 'unauthorized', message };
  if (status === 429) {
    const retryAfterSeconds = parseRetryAfter(retryAfter ?? null);
    return { outcome: 'throttled', message, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) };
  }
  if (status >= 500 || status === 0) return { outcome: 'unavailable', message };
  return { outcome: 'rejected', status, message };
}
