import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import { S3Api } from '@lambdas/adapters/aws/s3-api';
import { checkSignature } from '../../bin/runtime/local-s3/sigv4-check';

/**
 * The small S3 client (lambdas/adapters/aws/s3-api.ts) against two references:
 * the AWS SDK's own S3 presigner, for the same inputs, and the specification's
 * verifier of the local S3 gate, itself held to AWS's published examples.
 */
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'FwoGZXIvYXdzEXAMPLE/token+=' };
const signingDate = new Date('2026-12-03T10:23:57Z');
const key = 'media/user 1/doc_01J(draft) été*.pdf';
const put = { contentType: 'application/pdf', size: 1_234_567, tagging: 'mark0-attached=no' };

function sdk(options: { region: string; endpoint?: string }) {
  return new S3Client({
    region: options.region,
    credentials,
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** What the media adapter used to do with the SDK (s3-media-storage.ts before the small client). */
function sdkPresignPut(client: S3Client, bucket: string) {
  return getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: put.contentType, ContentLength: put.size, Tagging: put.tagging }), {
    expiresIn: 900,
    signingDate,
    signableHeaders: new Set(['content-length', 'content-type']),
    unhoistableHeaders: new Set(['x-amz-tagging']),
  });
}

function ourPresignPut(api: S3Api) {
  return api.presign('PUT', key, {
    headers: { 'Content-Type': put.contentType, 'Content-Length': String(put.size), 'x-amz-tagging': put.tagging },
    expiresInSeconds: 900,
    signingDate,
    unhoistableHeaders: ['x-amz-tagging'],
  });
}

describe('S3Api presigned URLs, next to the AWS SDK presigner for the same inputs', () => {
  it.each(['eu-west-1', 'us-east-1'])('signs an upload exactly as the SDK does in AWS (%s): Content-Length, Content-Type and the tag signed, 15 minutes', async (region) => {
    const ours = await ourPresignPut(new S3Api({ bucket: 'mark0-media-bucket', region, credentials }));
    const theirs = await sdkPresignPut(sdk({ region }), 'mark0-media-bucket');
    expect(ours).toBe(theirs);
    const url = new URL(ours);
    expect(url.host).toBe(`mark0-media-bucket.s3.${region}.amazonaws.com`);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host;x-amz-tagging');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe(credentials.sessionToken);
  });

  it('signs a download exactly as the SDK does, path-style on an S3-compatible endpoint too', async () => {
    const endpoint = 'http://127.0.0.1:4568';
    for (const [ours, theirs] of [
      [new S3Api({ bucket: 'mark0-media', region: 'eu-west-1', credentials }), sdk({ region: 'eu-west-1' })],
      [new S3Api({ bucket: 'b', region: 'us-east-1', credentials, endpoint }), sdk({ region: 'us-east-1', endpoint })],
    ] as const) {
      const url = await ours.presign('GET', key, { expiresInSeconds: 7200, signingDate });
      expect(url).toBe(await getSignedUrl(theirs, new GetObjectCommand({ Bucket: ours.bucket, Key: key }), { expiresIn: 7200, signingDate }));
    }
    expect(await ourPresignPut(new S3Api({ bucket: 'b', region: 'us-east-1', credentials, endpoint }))).toBe(await sdkPresignPut(sdk({ region: 'us-east-1', endpoint }), 'b'));
  });
});

describe('the local S3 gate\'s SigV4 verifier, on AWS\'s published examples (S3 API reference, "Signature Calculations")', () => {
  const example = { AKIAIOSFODNN7EXAMPLE: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
  const at = new Date('2013-05-24T00:00:00Z');

  it('accepts the GET Object example (Authorization header, a range) and refuses it with another range', () => {
    const headers = {
      host: 'examplebucket.s3.amazonaws.com',
      range: 'bytes=0-9',
      'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'x-amz-date': '20130524T000000Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    };
    expect(checkSignature({ method: 'GET', url: '/test.txt', headers }, example, at)).toBeNull();
    expect(checkSignature({ method: 'GET', url: '/test.txt', headers: { ...headers, range: 'bytes=0-10' } }, example, at)).toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('accepts the presigned URL example until it expires', () => {
    const url =
      '/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';
    const request = { method: 'GET', url, headers: { host: 'examplebucket.s3.amazonaws.com' } };
    expect(checkSignature(request, example, at)).toBeNull();
    expect(checkSignature(request, example, new Date(at.getTime() + 86_401_000))).toMatchObject({ code: 'AccessDenied' });
  });
});

describe('S3Api signed requests', () => {
  function recording() {
    const sent: { url: URL; method: string; headers: Record<string, string>; body: string | undefined }[] = [];
    const fetch = async (input: string | URL | Request, init?: RequestInit) => {
      sent.push({ url: new URL(String(input)), method: init?.method ?? 'GET', headers: init?.headers as Record<string, string>, body: init?.body as string | undefined });
      return new Response(init?.method === 'POST' ? '<DeleteResult></DeleteResult>' : '', { status: 200 });
    };
    const api = new S3Api({ bucket: 'b', region: 'us-east-1', credentials, endpoint: 'http://127.0.0.1:4568', fetch: fetch as typeof globalThis.fetch });
    return { api, sent };
  }

  it('sign every call the media code makes so that the verifier accepts it, with the body\'s SHA-256 and MD5', async () => {
    const { api, sent } = recording();
    await api.send('HEAD', key);
    await api.send('GET', key, { headers: { range: 'bytes=0-99' } });
    await api.send('PUT', key, { query: { tagging: '' }, body: '<Tagging/>', headers: { 'content-type': 'application/xml' } });
    await api.send('POST', '', { query: { delete: '' }, body: '<Delete/>', headers: { 'content-type': 'application/xml' } });
    await api.send('GET', '', { query: { 'list-type': '2', prefix: 'media/user 1/', 'continuation-token': 'a+b/c=' } });
    for (const request of sent) {
      const target = `${request.url.pathname}${request.url.search}`;
      const now = new Date();
      expect(checkSignature({ method: request.method, url: target, headers: { ...request.headers, host: request.url.host } }, { [credentials.accessKeyId]: credentials.secretAccessKey }, now), `${request.method} ${target}`).toBeNull();
      expect(request.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(request.body ?? '').digest('hex'));
      if (request.body !== undefined) expect(request.headers['content-md5']).toBe(createHash('md5').update(request.body).digest('base64'));
      expect(request.headers['x-amz-security-token']).toBe(credentials.sessionToken);
    }
    expect(sent[0]!.url.pathname).toBe('/b/media/user%201/doc_01J%28draft%29%20%C3%A9t%C3%A9%2A.pdf');
    expect(sent[4]!.url.search).toBe('?continuation-token=a%2Bb%2Fc%3D&list-type=2&prefix=media%2Fuser%201%2F');
  });

  it('name S3\'s errors by their code, NotFound for a HEAD of nothing, and retry SlowDown', async () => {
    const answers = [
      new Response('<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>', { status: 503 }),
      new Response('<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>', { status: 404 }),
      new Response(null, { status: 404 }),
    ];
    const fetch = async () => answers.shift()!;
    const api = new S3Api({ bucket: 'b', region: 'eu-west-1', credentials, fetch: fetch as typeof globalThis.fetch, sleep: async () => undefined });
    await expect(api.send('GET', 'k')).rejects.toMatchObject({ name: 'NoSuchKey', status: 404 });
    await expect(api.send('HEAD', 'k')).rejects.toMatchObject({ name: 'NotFound', status: 404 });
    expect(answers).toHaveLength(0);
  });
});
