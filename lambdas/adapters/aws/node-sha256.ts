import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

/*
 * SHA-256 from node:crypto, in the shape the SDK's signers take. Our signed
 * clients (aws-api.ts, s3-api.ts) use it, and Lambda bundles alias
 * `@smithy/core/checksum` to this module (lib/constructs/mark-function.ts):
 * the SDK clients bundled there (DynamoDB, SES, Backup) import only `Sha256`
 * from it, and its own brings a pure-JavaScript fallback for runtimes without
 * node:crypto's SHA-256 (about 3.5 KiB) that Lambda never needs. Should an SDK
 * client ever import anything else from it, esbuild stops the build.
 */

/** SHA-256 (and HMAC-SHA-256 with a secret) from node:crypto, in the shape the SDK's signer takes. */
export class Sha256 {
  private hash: Hash | Hmac;
  private readonly secret: Buffer | undefined;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.secret = secret === undefined ? undefined : bytes(secret);
    this.hash = this.fresh();
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
