import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomically } from '../atomic-file';

export interface SandboxMember {
  sub: string;
  name: string;
  email: string;
}

export interface SandboxToken {
  sub: string;
  scope: string;
  expiresAt: number;
  revoked: boolean;
}

export interface SandboxPost {
  urn: string;
  author: string;
  /** As sent (little text, escaped). */
  commentary: string;
  /** The Posts API's `content` as sent (media, multiImage or poll), if any. */
  content?: Record<string, unknown>;
  createdAt: string;
}

export type SandboxAssetKind = 'image' | 'document' | 'video';
export type SandboxAssetStatus = 'WAITING_UPLOAD' | 'PROCESSING' | 'AVAILABLE' | 'PROCESSING_FAILED';

/** One image, document or video, as LinkedIn's media APIs keep it; its bytes are files in the asset folder. */
export interface SandboxAsset {
  id: string;
  urn: string;
  kind: SandboxAssetKind;
  owner: string;
  status: SandboxAssetStatus;
  /** Upload parts: bytes [firstByte, lastByte], the ETag once received. Images and documents have one part. */
  parts: { firstByte: number; lastByte: number; etag?: string }[];
  /** Videos: the size initializeUpload announced. */
  fileSizeBytes?: number;
  uploadToken: string;
  /** Epoch ms processing ends (null: held until the test releases it). */
  availableAt?: number | null;
  /** Of the whole file, once every part arrived. */
  sha256?: string;
  size?: number;
  createdAt: string;
}

/** What the sandbox remembers across restarts (with a data dir): members, tokens, posts. */
export interface SandboxData {
  members: Record<string, SandboxMember>;
  tokens: Record<string, SandboxToken>;
  posts: SandboxPost[];
  assets: Record<string, SandboxAsset>;
  nextShareId: string;
  /** The port it last listened on: taken again on start, so the post links stored in the table keep opening. */
  port?: number;
}

export function emptySandboxData(): SandboxData {
  // LinkedIn share ids are 19-digit numbers; start where real ones are.
  return { members: {}, tokens: {}, posts: [], assets: {}, nextShareId: '7400000000000000000' };
}

/** Kept in a JSON file beside the local data, so tokens still work and links still open after a restart. */
export class SandboxStore {
  readonly data: SandboxData;

  constructor(private readonly file?: string) {
    this.data = file && existsSync(file) ? { ...emptySandboxData(), ...(JSON.parse(readFileSync(file, 'utf8')) as SandboxData) } : emptySandboxData();
  }

  save(): void {
    if (this.file) writeFileAtomically(this.file, JSON.stringify(this.data));
  }

  nextUrn(): string {
    const id = this.data.nextShareId;
    this.data.nextShareId = (BigInt(id) + 1n).toString();
    return `urn:li:share:${id}`;
  }
}
