import { createHash } from 'node:crypto';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { SignatureV4 } from '@smithy/signature-v4';
import { AwsApiError, transportOf, withRetries, type AwsCredentials, type Transport } from './aws-api';
import { Sha256 } from './node-sha256';

/** Where the bucket is: AWS's S3 (virtual-hosted names), or an S3-compatible endpoint (path-style: the local runtime's). */
export interface S3ApiOptions {
  bucket: string;
  /** Default: AWS_REGION (Lambda sets it). */
  region?: string;
  /** An S3-compatible server (`http://127.0.0.1:4568`): requests go to `<endpoint>/<bucket>/<key>`. */
  endpoint?: string;
  /** Default: Lambda's credentials, from the environment. */
  credentials?: AwsCredentials;
  /** Tries in all (default 3). */
  maxAttempts?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export interface PresignOptions {
  /** Headers the URL's user must send as signed (e.g. Content-Type, Content-Length, x-amz-tagging). */
  headers?: Record<string, string>;
  expiresInSeconds: number;
  signingDate: Date;
  /** Headers kept as headers (and signed) rather than moved into the query string. */
  unhoistableHeaders?: string[];
}

/**
 * The few S3 calls the media code makes (HEAD, ranged GET, object tagging,
 * multi-object delete, list, and presigned PUT and GET), over `fetch` and
 * signed with the SDK's own SigV4 signer, as aws-api.ts does for the JSON
 * APIs. The SDK's S3 client and presigner add about 190 KiB to a bundle
 * (README "Smaller functions"); this is under 5. It signs as S3 wants: the
 * path as given (each key segment encoded once), the payload's SHA-256 in
 * x-amz-content-sha256, UNSIGNED-PAYLOAD in presigned URLs, and Content-MD5
 * where S3 requires one. Errors carry S3's code as their name (`NoSuchKey`,
 * `NotFound` for a HEAD of nothing), retries as aws-api.ts.
 */
export class S3Api {
  readonly bucket: string;
  private readonly transport: Transport;
  private readonly signer: SignatureV4;
  /** Virtual-hosted (`<bucket>.s3.<region>.amazonaws.com`) in AWS; the endpoint with the bucket in the path elsewhere. */
  private readonly origin: URL;
  private readonly pathPrefix: string;

  constructor(options: S3ApiOptions) {
    this.bucket = options.bucket;
    this.transport = transportOf(options);
    this.origin = new URL(options.endpoint ?? `https://${options.bucket}.s3.${this.transport.region}.amazonaws.com`);
    this.pathPrefix = options.endpoint ? `/${encodeSegment(options.bucket)}` : '';
    const credentials = options.credentials ?? fromEnv();
    this.signer = new SignatureV4({ service: 's3', region: this.transport.region, credentials, sha256: Sha256, applyChecksum: true, uriEscapePath: false });
  }

  /** A signed URL for `method` on `key`, as the SDK's presigner makes it. */
  async presign(method: 'GET' | 'PUT', key: string, options: PresignOptions): Promise<string> {
    const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
    // `x-id` names the operation and the payload is unsigned, as in the SDK's presigner: S3 ignores the first, and
    // with both our URLs are byte for byte the SDK's for the same inputs (test/unit/s3-api.test.ts).
    const operation = { 'x-id': method === 'PUT' ? 'PutObject' : 'GetObject' };
    const signed = await this.signer.presign(
      { ...this.request(method, key, operation), headers: { ...headers, host: this.origin.host, 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' } },
      {
        expiresIn: options.expiresInSeconds,
        signingDate: options.signingDate,
        signableHeaders: new Set(Object.keys(headers)),
        unhoistableHeaders: new Set((options.unhoistableHeaders ?? []).map((name) => name.toLowerCase())),
      },
    );
    return this.url(signed.path, signed.query as Record<string, string>).toString();
  }

  /**
   * A signed request for `key` ('' for the bucket), retried when S3 is busy or the connection drops; a non-2xx
   * answer is an AwsApiError. The response's body is left to the caller (bytes, a stream, or XML).
   */
  send(method: string, key: string, options: { query?: Record<string, string>; headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
    return withRetries(this.transport, () => this.once(method, key, options));
  }

  private async once(method: string, key: string, options: { query?: Record<string, string>; headers?: Record<string, string>; body?: string }): Promise<Response> {
    const headers: Record<string, string> = { host: this.origin.host, ...options.headers };
    // S3 requires Content-MD5 on tagging and multi-object delete (the SDK sends a checksum there too).
    if (options.body !== undefined) headers['content-md5'] = createHash('md5').update(options.body).digest('base64');
    const signed = await this.signer.sign({ ...this.request(method, key, options.query ?? {}), headers, ...(options.body === undefined ? {} : { body: options.body }) });
    const { host: _host, ...sent } = signed.headers as Record<string, string>;
    const response = await this.transport.fetch(this.url(signed.path, options.query ?? {}), { method, headers: sent, ...(options.body === undefined ? {} : { body: options.body }) });
    if (response.ok) return response;
    const text = method === 'HEAD' ? '' : await response.text();
    const code = xmlValue(text, 'Code') ?? (response.status === 404 ? 'NotFound' : `Http${response.status}`);
    throw new AwsApiError(code, xmlValue(text, 'Message') ?? `${code} (${response.status})`, response.status, response.headers.get('retry-after') ?? undefined);
  }

  private request(method: string, key: string, query: Record<string, string>) {
    return {
      method,
      protocol: this.origin.protocol,
      hostname: this.origin.hostname,
      ...(this.origin.port ? { port: Number(this.origin.port) } : {}),
      path: `${this.pathPrefix}/${key.split('/').map(encodeSegment).join('/')}`,
      query,
      headers: {},
    };
  }

  private url(path: string, query: Record<string, string>): URL {
    const url = new URL(this.origin.origin);
    url.pathname = path;
    // RFC 3986 throughout (S3 decodes, then encodes again for the signature): no '+' for a space; names sorted, as the SDK writes them.
    url.search = Object.entries(query)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => (value === '' ? encodeSegment(name) : `${encodeSegment(name)}=${encodeSegment(value)}`))
      .join('&');
    return url;
  }
}

/** One path segment or query part, encoded as SigV4 wants: everything but A-Z a-z 0-9 - _ . ~. */
export function encodeSegment(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The text of the first `<name>` element of an XML answer, entities decoded (S3's answers are flat enough). */
export function xmlValue(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return match ? decodeXml(match[1]!) : undefined;
}

/** Every `<name>` element's inner XML, in order. */
export function xmlElements(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((match) => match[1]!);
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-fA-F]+);/g, (entity, name: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (named[name]) return named[name];
    return String.fromCodePoint(name.startsWith('#x') ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
  });
}
