import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SNIFF_BYTES, sniff } from '@lambdas/adapters/media/magic-bytes';
import { POLL_DURATIONS, POLL_LIMITS } from '@contract/api/media';
import { countCharacters } from '@contract/api/posts';
import type { SandboxAsset, SandboxAssetKind, SandboxData } from './sandbox-state';

/** LinkedIn's video upload part size: 4 MiB (uploadInstructions cut a file into parts of this size). */
export const LINKEDIN_VIDEO_PART_BYTES = 4 * 1024 * 1024;

const URN_PREFIX: Record<SandboxAssetKind, string> = { image: 'urn:li:image:', document: 'urn:li:document:', video: 'urn:li:video:' };
const CONTENT_TYPES = { jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', pdf: 'application/pdf', mp4: 'video/mp4' } as Record<string, string>;

export interface SandboxMediaOptions {
  /** Where uploaded bytes go (a temporary folder, removed at stop, when not given). */
  assetDir?: string;
  /** Video upload part size (LinkedIn's 4 MiB by default; tests use small parts to keep multi-part uploads fast). */
  videoPartBytes?: number;
}

/**
 * The media half of the sandbox LinkedIn: the Images, Documents and Videos
 * APIs' initializeUpload, the upload URLs (bytes streamed to files, an ETag per
 * part), the videos' finalizeUpload (which checks the ETags), the processing
 * states, and the bytes back for the "published" pages.
 */
export class SandboxMedia {
  readonly dir: string;
  readonly partBytes: number;
  /** Milliseconds each kind spends PROCESSING after its bytes (or a video's finalize) arrive; 'hold' until finishProcessing(). */
  readonly processing: Record<SandboxAssetKind, number | 'hold'> = { image: 0, document: 0, video: 1_000 };
  private readonly temporary: boolean;

  constructor(
    private readonly data: SandboxData,
    private readonly save: () => void,
    private readonly baseUrl: () => string,
    options: SandboxMediaOptions,
  ) {
    this.temporary = !options.assetDir;
    this.dir = options.assetDir ?? mkdtempSync(join(tmpdir(), 'mark0-linkedin-assets-'));
    mkdirSync(this.dir, { recursive: true });
    this.partBytes = options.videoPartBytes ?? LINKEDIN_VIDEO_PART_BYTES;
  }

  stop(): void {
    if (this.temporary) rmSync(this.dir, { recursive: true, force: true });
  }

  initialize(kind: SandboxAssetKind, owner: string, fileSizeBytes: number | undefined): Record<string, unknown> {
    const id = `${kind[0]!.toUpperCase()}4E10AQ${randomBytes(9).toString('base64url')}`;
    const parts: SandboxAsset['parts'] = [];
    if (kind === 'video') {
      for (let first = 0; first < fileSizeBytes!; first += this.partBytes) parts.push({ firstByte: first, lastByte: Math.min(fileSizeBytes!, first + this.partBytes) - 1 });
    } else parts.push({ firstByte: 0, lastByte: -1 });
    const asset: SandboxAsset = { id, urn: `${URN_PREFIX[kind]}${id}`, kind, owner, status: 'WAITING_UPLOAD', parts, uploadToken: '', createdAt: new Date().toISOString(), ...(kind === 'video' ? { fileSizeBytes } : {}) };
    this.data.assets[id] = asset;
    this.save();
    const expiresAt = Date.now() + 24 * 3600_000;
    const uploadUrl = (part: number) => `${this.baseUrl()}/dms-uploads/${id}/${part}`;
    if (kind === 'video') {
      return {
        value: {
          uploadUrlsExpireAt: expiresAt,
          video: asset.urn,
          uploadInstructions: parts.map((p, i) => ({ uploadUrl: uploadUrl(i), firstByte: p.firstByte, lastByte: p.lastByte })),
          uploadToken: asset.uploadToken,
        },
      };
    }
    return { value: { uploadUrlExpiresAt: expiresAt, uploadUrl: uploadUrl(0), [kind]: asset.urn } };
  }

  /** A PUT to an upload URL: the part's bytes streamed to a file; videos get the part's ETag. */
  async upload(req: IncomingMessage, res: ServerResponse, id: string, part: number): Promise<number> {
    const asset = this.data.assets[id];
    const slot = asset?.parts[part];
    if (!asset || !slot) return this.answer(res, 404, { status: 404, message: 'No such upload' });
    const hash = createHash('md5');
    let size = 0;
    const file = join(this.dir, `${id}.${part}`);
    await pipeline(
      req,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          hash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(file),
    );
    const expected = asset.kind === 'video' ? slot.lastByte - slot.firstByte + 1 : undefined;
    if (expected !== undefined && size !== expected) return this.answer(res, 400, { status: 400, message: `Part ${part} must be ${expected} bytes, got ${size}` });
    slot.etag = `/ambry-video/${hash.digest('hex')}`;
    if (asset.kind !== 'video') {
      slot.lastByte = size - 1;
      this.complete(asset);
    }
    this.save();
    res.writeHead(201, asset.kind === 'video' ? { ETag: slot.etag } : {}).end();
    return 201;
  }

  finalize(owner: string, body: Record<string, unknown>): { status: number; body?: unknown } {
    const request = body['finalizeUploadRequest'] as { video?: string; uploadToken?: string; uploadedPartIds?: unknown } | undefined;
    const asset = Object.values(this.data.assets).find((a) => a.urn === request?.video);
    if (!asset || asset.kind !== 'video') return { status: 404, body: { status: 404, message: `Video ${request?.video} not found` } };
    if (asset.owner !== owner) return { status: 403, body: { status: 403, message: 'Not the owner of this video' } };
    const ids = request?.uploadedPartIds;
    if (!Array.isArray(ids) || ids.length !== asset.parts.length || asset.parts.some((p, i) => !p.etag || p.etag !== ids[i])) {
      return { status: 400, body: { status: 400, message: 'uploadedPartIds do not match the uploaded parts (every part, in order, with its ETag)' } };
    }
    if (asset.status === 'WAITING_UPLOAD') this.complete(asset);
    this.save();
    return { status: 200 };
  }

  /** GET /rest/{images|documents|videos}/{urn}. */
  status(kind: SandboxAssetKind, urn: string, owner: string): { status: number; body: unknown } {
    const asset = Object.values(this.data.assets).find((a) => a.urn === urn && a.kind === kind);
    if (!asset) return { status: 404, body: { status: 404, message: `${urn} not found` } };
    if (asset.owner !== owner) return { status: 403, body: { status: 403, message: 'Not enough permissions to access this asset' } };
    this.advance(asset);
    return { status: 200, body: { id: asset.urn, owner: asset.owner, status: asset.status, ...(asset.status === 'AVAILABLE' ? { downloadUrl: `${this.baseUrl()}/media/asset/${asset.id}` } : {}) } };
  }

  /** A post's `content` refers to assets the author owns and LinkedIn finished processing; else what LinkedIn would say. */
  checkContent(content: Record<string, unknown>, author: string): string | undefined {
    const refs: { id: unknown; kind: SandboxAssetKind[] }[] = [];
    if (content['media']) refs.push({ id: (content['media'] as { id?: unknown }).id, kind: ['image', 'document', 'video'] });
    if (content['multiImage']) {
      const images = (content['multiImage'] as { images?: { id?: unknown }[] }).images ?? [];
      if (images.length < 2 || images.length > 20) return `ERROR :: /content/multiImage/images :: must have 2 to 20 images, got ${images.length}`;
      for (const image of images) refs.push({ id: image.id, kind: ['image'] });
    }
    if (content['poll']) {
      const poll = content['poll'] as { question?: unknown; options?: { text?: unknown }[]; settings?: { duration?: unknown } };
      // LinkedIn counts characters as shown (code points): an emoji is one, not two UTF-16 units.
      const { maxQuestionCharacters, minOptions, maxOptions, maxOptionCharacters } = POLL_LIMITS;
      if (typeof poll.question !== 'string' || countCharacters(poll.question) > maxQuestionCharacters) return `ERROR :: /content/poll/question :: must be a string of at most ${maxQuestionCharacters} characters`;
      if (!Array.isArray(poll.options) || poll.options.length < minOptions || poll.options.length > maxOptions) return `ERROR :: /content/poll/options :: must have ${minOptions} to ${maxOptions} options`;
      const option = poll.options.findIndex((o) => typeof o?.text !== 'string' || countCharacters(o.text) > maxOptionCharacters);
      if (option >= 0) return `ERROR :: /content/poll/options/${option}/text :: must be a string of at most ${maxOptionCharacters} characters`;
      if (!(POLL_DURATIONS as readonly string[]).includes(String(poll.settings?.duration))) return 'ERROR :: /content/poll/settings/duration :: invalid';
    }
    for (const ref of refs) {
      const asset = Object.values(this.data.assets).find((a) => a.urn === ref.id);
      if (!asset || !ref.kind.includes(asset.kind)) return `ERROR :: /content :: ${String(ref.id)} is not a known asset of this kind`;
      if (asset.owner !== author) return `ERROR :: /content :: ${asset.urn} belongs to another member`;
      this.advance(asset);
      if (asset.status !== 'AVAILABLE') return `ERROR :: /content :: ${asset.urn} is ${asset.status}, not AVAILABLE`;
    }
    return undefined;
  }

  /** Ends a held (or running) processing now, as AVAILABLE or PROCESSING_FAILED (tests). */
  finishProcessing(urn: string, outcome: 'AVAILABLE' | 'PROCESSING_FAILED' = 'AVAILABLE'): void {
    const asset = Object.values(this.data.assets).find((a) => a.urn === urn);
    if (!asset) throw new Error(`no sandbox asset ${urn}`);
    asset.status = outcome;
    asset.availableAt = Date.now();
    this.save();
  }

  /** The asset's bytes, for the published pages (and tests that compare them with what was uploaded). */
  serve(res: ServerResponse, id: string): void {
    const asset = this.data.assets[id];
    if (!asset || !asset.sha256) {
      res.writeHead(404).end();
      return;
    }
    const head = Buffer.alloc(SNIFF_BYTES);
    const first = createReadStream(join(this.dir, `${id}.0`), { start: 0, end: SNIFF_BYTES - 1 });
    let filled = 0;
    first.on('data', (chunk) => {
      (chunk as Buffer).copy(head, filled);
      filled += (chunk as Buffer).length;
    });
    first.on('end', () => {
      res.writeHead(200, { 'Content-Type': CONTENT_TYPES[sniff(head.subarray(0, filled))] ?? 'application/octet-stream', 'Content-Length': String(asset.size), 'Cache-Control': 'no-store' });
      void (async () => {
        for (let part = 0; part < asset.parts.length; part++) {
          await pipeline(createReadStream(join(this.dir, `${id}.${part}`)), res, { end: part === asset.parts.length - 1 });
        }
      })().catch(() => res.destroy());
    });
  }

  /** The whole file's SHA-256 and size, once every part arrived (tests compare them with the upload). */
  fileOf(urn: string): { sha256: string; size: number } | undefined {
    const asset = Object.values(this.data.assets).find((a) => a.urn === urn);
    return asset?.sha256 ? { sha256: asset.sha256, size: asset.size! } : undefined;
  }

  asset(urn: string): SandboxAsset | undefined {
    return Object.values(this.data.assets).find((a) => a.urn === urn);
  }

  private complete(asset: SandboxAsset): void {
    const hash = createHash('sha256');
    let size = 0;
    for (let part = 0; part < asset.parts.length; part++) {
      const file = join(this.dir, `${asset.id}.${part}`);
      size += statSync(file).size;
    }
    // Hashed synchronously in order (the parts are on local disk; tests and pages read the result).
    for (let part = 0; part < asset.parts.length; part++) hash.update(readFileSync(join(this.dir, `${asset.id}.${part}`)));
    asset.sha256 = hash.digest('hex');
    asset.size = size;
    const delay = this.processing[asset.kind];
    asset.status = 'PROCESSING';
    asset.availableAt = delay === 'hold' ? null : Date.now() + delay;
    this.advance(asset);
  }

  private advance(asset: SandboxAsset): void {
    if (asset.status === 'PROCESSING' && asset.availableAt !== null && asset.availableAt !== undefined && Date.now() >= asset.availableAt) asset.status = 'AVAILABLE';
  }

  private answer(res: ServerResponse, status: number, body: unknown): number {
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    return status;
  }
}

