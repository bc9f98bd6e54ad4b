import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** What S3 would answer a request whose signature does not hold (null: it holds). */
export interface SignatureRefusal {
  status: 403;
  code: 'AccessDenied' | 'SignatureDoesNotMatch' | 'InvalidAccessKeyId';
  message: string;
}

export interface SignedRequest {
  method: string;
  /** The request target as sent: raw (encoded) path and query. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Verifies an AWS Signature Version 4 request the way S3 does, from the
 * request as it arrived: presigned (query) or signed (Authorization header).
 * The canonical request is rebuilt from what the client actually sent, so a
 * signed header with another value (Content-Length, Content-Type, the tag) no
 * longer matches, and a presigned URL past X-Amz-Date + X-Amz-Expires is refused.
 * Written from the SigV4 specification, independent of the SDK that signs.
 */
export function checkSignature(request: SignedRequest, secrets: Record<string, string>, now: Date): SignatureRefusal | null {
  const [rawPath = '/', rawQuery = ''] = request.url.split('?', 2) as [string, string?];
  const query = new URLSearchParams(rawQuery);
  const header = (name: string) => {
    const value = request.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(',') : value;
  };
  const authorization = header('authorization');
  let parts: { credential: string; signedHeaders: string; signature: string; amzDate: string; payloadHash: string };
  if (query.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256') {
    const expires = Number(query.get('X-Amz-Expires'));
    const amzDate = query.get('X-Amz-Date') ?? '';
    const signedAt = parseAmzDate(amzDate);
    if (!signedAt || !Number.isInteger(expires) || expires < 1 || expires > 604_800) return deny('AccessDenied', 'X-Amz-Date or X-Amz-Expires is missing or invalid');
    if (now.getTime() > signedAt.getTime() + expires * 1000) return deny('AccessDenied', 'Request has expired');
    parts = {
      credential: query.get('X-Amz-Credential') ?? '',
      signedHeaders: query.get('X-Amz-SignedHeaders') ?? '',
      signature: query.get('X-Amz-Signature') ?? '',
      amzDate,
      payloadHash: query.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
    };
  } else if (authorization?.startsWith('AWS4-HMAC-SHA256 ')) {
    const fields = Object.fromEntries(
      authorization
        .slice('AWS4-HMAC-SHA256 '.length)
        .split(',')
        .map((field) => field.trim().split('=', 2) as [string, string]),
    );
    parts = {
      credential: fields['Credential'] ?? '',
      signedHeaders: fields['SignedHeaders'] ?? '',
      signature: fields['Signature'] ?? '',
      amzDate: header('x-amz-date') ?? '',
      payloadHash: header('x-amz-content-sha256') ?? 'UNSIGNED-PAYLOAD',
    };
  } else {
    return deny('AccessDenied', 'Access Denied');
  }

  const [accessKeyId = '', ...scopeParts] = parts.credential.split('/');
  const secret = secrets[accessKeyId];
  if (secret === undefined) return { status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' };
  const scope = scopeParts.join('/');
  const [day = '', region = '', service = ''] = scopeParts;

  const signedHeaders = parts.signedHeaders.split(';').filter(Boolean);
  if (!signedHeaders.includes('host')) return deny('AccessDenied', 'host must be a signed header');
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${(header(name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalQuery = [...query.entries()]
    .filter(([key]) => key !== 'X-Amz-Signature')
    .map(([key, value]) => [rfc3986(key), rfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const canonicalRequest = [request.method, rawPath, canonicalQuery, canonicalHeaders, parts.signedHeaders, parts.payloadHash].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', parts.amzDate, scope, sha256(canonicalRequest)].join('\n');
  const key = [day, region, service, 'aws4_request'].reduce<Buffer>((k, part) => hmac(k, part), Buffer.from(`AWS4${secret}`));
  const expected = hmac(key, stringToSign).toString('hex');
  const given = Buffer.from(parts.signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected, 'utf8'))) {
    return deny('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
  }
  return null;
}

function deny(code: SignatureRefusal['code'], message: string): SignatureRefusal {
  return { status: 403, code, message };
}

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function hmac(key: Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text, 'utf8').digest();
}

/** 20261203T102357Z → Date */
function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : undefined;
}
