import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duplicateBody } from '../../bin/runtime/linkedin-sandbox/sandbox-protocol';
import { linkedinConfig } from '@lambdas/wiring/config';
import { LinkedInHttpClient } from '@lambdas/adapters/linkedin/linkedin-http-client';
import { LINKEDIN_API_VERSION } from '@contract/linkedin-version';
import { LinkedInRequestError } from '@lambdas/core/ports/linkedin-client';

/**
 * The HTTP adapter against a recording server (exact requests) and the
 * sandbox (LinkedIn's answers): what goes on the wire, and how each answer
 * is read.
 */
let recorder: { url: string; seen: { method: string; path: string; headers: IncomingHttpHeaders; body: string }[]; answer: { status: number; headers?: Record<string, string>; body?: string }; close(): Promise<void> };

beforeAll(async () => {
  const seen: typeof recorder.seen = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method!, path: req.url!, headers: req.headers, body });
    res.writeHead(recorder.answer.status, recorder.answer.headers ?? {}).end(recorder.answer.body ?? '');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as { port: number }).port;
  recorder = { url: `http://127.0.0.1:${port}`, seen, answer: { status: 201 }, close: () => new Promise((done) => server.close(() => done())) };
});
afterAll(() => recorder.close());

function client(overrides: Record<string, string> = {}, timeoutMs = 2_000) {
  return new LinkedInHttpClient(
    linkedinConfig(
      { LINKEDIN_CLIENT_ID: 'client-1', LINKEDIN_CLIENT_SECRET: 'shh', LINKEDIN_AUTH_URL: `${recorder.url}/oauth/v2`, LINKEDIN_API_URL: recorder.url, LINKEDIN_VERSION: LINKEDIN_API_VERSION, LINKEDIN_REDIRECT_URI: 'https://api.example.com/v1/linkedin/callback', ...overrides },
      timeoutMs,
    ),
  );
}
const post = { accessToken: 'AQ-token', author: 'urn:li:person:abc', commentary: 'Hello \\#world' };

describe('LinkedInHttpClient on the wire', () => {
  it('builds the authorization URL LinkedIn documents', () => {
    const url = new URL(client().authorizationUrl({ state: 'a'.repeat(64), scopes: ['openid', 'profile', 'email', 'w_member_social'] }));
    expect(url.origin + url.pathname).toBe(`${recorder.url}/oauth/v2/authorization`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client-1',
      redirect_uri: 'https://api.example.com/v1/linkedin/callback',
      state: 'a'.repeat(64),
      scope: 'openid profile email w_member_social',
    });
  });

  it('exchanges the code with a form POST carrying the client credentials', async () => {
    recorder.answer = { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ access_token: 'AQ-new', expires_in: 5184000, scope: 'openid,profile,email,w_member_social', token_type: 'Bearer', id_token: 'x.y.z' }) };
    expect(await client().exchangeCode('the-code')).toEqual({ accessToken: 'AQ-new', expiresInSeconds: 5184000, scope: 'openid,profile,email,w_member_social' });
    const request = recorder.seen.at(-1)!;
    expect([request.method, request.path, request.headers['content-type']]).toEqual(['POST', '/oauth/v2/accessToken', 'application/x-www-form-urlencoded']);
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'https://api.example.com/v1/linkedin/callback',
      client_id: 'client-1',
      client_secret: 'shh',
    });
    recorder.answer = { status: 400, body: JSON.stringify({ error: 'invalid_request', error_description: 'The authorization code expired.' }) };
    await expect(client().exchangeCode('old')).rejects.toEqual(new LinkedInRequestError('The authorization code expired.', 400));
  });

  it('answers 503 LINKEDIN_NOT_CONFIGURED for OAuth while the app credentials are missing', () => {
    expect(() => client({ LINKEDIN_CLIENT_ID: '' }).authorizationUrl({ state: 's', scopes: [] })).toThrow(expect.objectContaining({ status: 503, code: 'LINKEDIN_NOT_CONFIGURED' }));
  });

  it('posts with the bearer token, LinkedIn-Version, the Rest.li 2.0.0 header and the documented body; 201 gives the x-restli-id', async () => {
    recorder.answer = { status: 201, headers: { 'x-restli-id': 'urn:li:share:7141138937766391808' } };
    expect(await client().createPost(post)).toEqual({ outcome: 'created', urn: 'urn:li:share:7141138937766391808' });
    const request = recorder.seen.at(-1)!;
    expect([request.method, request.path]).toEqual(['POST', '/rest/posts']);
    expect(request.headers).toMatchObject({
      authorization: 'Bearer AQ-token',
      'linkedin-version': LINKEDIN_API_VERSION,
      'x-restli-protocol-version': '2.0.0',
      'content-type': 'application/json',
    });
    expect(JSON.parse(request.body)).toEqual({
      author: 'urn:li:person:abc',
      commentary: 'Hello \\#world',
      visibility: 'PUBLIC',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      lifecycleState: 'PUBLISHED',
      isReshareDisabledByAuthor: false,
    });
  });

  it.each([
    [{ status: 422, body: JSON.stringify(duplicateBody('urn:li:share:7141138937766391808')) }, { outcome: 'duplicate', urn: 'urn:li:share:7141138937766391808' }],
    [{ status: 422, body: JSON.stringify({ message: 'ERROR :: /commentary :: field is required', status: 422 }) }, { outcome: 'rejected', status: 422, message: 'ERROR :: /commentary :: field is required' }],
    [{ status: 401, body: JSON.stringify({ serviceErrorCode: 65600, message: 'Invalid access token', status: 401 }) }, { outcome: 'unauthorized', message: 'Invalid access token' }],
    [{ status: 429, headers: { 'Retry-After': '30' }, body: JSON.stringify({ message: 'Too many requests', status: 429 }) }, { outcome: 'throttled', message: 'Too many requests', retryAfterSeconds: 30 }],
    [{ status: 503, body: 'upstream connect error' }, { outcome: 'unavailable', message: 'LinkedIn answered HTTP 503.' }],
    [{ status: 426, body: JSON.stringify({ status: 426, code: 'NONEXISTENT_VERSION', message: 'Requested version 202001 is not active' }) }, { outcome: 'rejected', status: 426, message: 'Requested version 202001 is not active' }],
    [{ status: 201 }, { outcome: 'unavailable', message: 'LinkedIn answered 201 without x-restli-id.' }],
  ])('reads %j as %j', async (answer, expected) => {
    recorder.answer = answer;
    expect(await client().createPost(post)).toEqual(expected);
  });

  it('gives up on a call after its timeout, as "unavailable"', async () => {
    const server = createServer((_req, res) => void setTimeout(() => res.writeHead(201, { 'x-restli-id': 'urn:li:share:2' }).end(), 1_000));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const hanging = client({ LINKEDIN_API_URL: `http://127.0.0.1:${(server.address() as { port: number }).port}` }, 100);
      expect(await hanging.createPost(post)).toEqual({ outcome: 'unavailable', message: 'LinkedIn did not answer within 100 ms.' });
    } finally {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });
});
