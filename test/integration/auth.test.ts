import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalIssuer } from '../../bin/runtime/local-issuer';
import { idClaims } from './support/id-claims';
import { localDynamoClient } from '../../bin/runtime/dynamodb-local';
import { DynamoAuditLog } from '@lambdas/adapters/dynamodb/audit-log';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';

import { startTestApp, type TestApp } from './support/test-runtime';
import { systemClock } from '@lambdas/adapters/system-clock';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ authorizerCacheTtlSeconds: 0 });
});
afterAll(() => app?.stop());

const now = () => Math.floor(Date.now() / 1000);
function claims(overrides: Record<string, unknown> = {}) {
  return idClaims(app, LocalIssuer.legacyUserIdFor('eve@example.com'), now(), { email: 'eve@example.com', ...overrides });
}

async function expectUnauthorized(authorization: string | undefined) {
  const res = await app.anonymous(authorization).get('/v1/me');
  expect(res.status).toBe(401);
  expect(res.body).toEqual({
    error: { code: 'UNAUTHORIZED', message: 'Sign in first: the bearer token is missing, expired or invalid.', details: [] },
  });
}

describe('every /v1 route needs a valid bearer token', () => {
  it('accepts a token from the issuer and creates the account on first use', async () => {
    const token = await app.issuer.sign(claims({ sub: 'first-time-user', email: 'new@example.com' }));
    const res = await app.anonymous(`Bearer ${token}`).get('/v1/me');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: 'first-time-user', email: 'new@example.com', tier: 'free', timezone: null });
    await app.anonymous(`Bearer ${token}`).get('/v1/me');
    const audit = new DynamoAuditLog(createDocumentClient(localDynamoClient(app.dynamoEndpoint)), app.tableName, systemClock);
    expect((await audit.list('first-time-user', 10)).map((e) => e.type)).toEqual(['user.signed_up']);
  });

  it('refuses a missing header, a non-bearer scheme and garbage with 401 JSON', async () => {
    await expectUnauthorized(undefined);
    await expectUnauthorized('Basic dXNlcjpwYXNz');
    await expectUnauthorized('Bearer');
    await expectUnauthorized('Bearer not.a.jwt');
  });

  it('refuses an expired token', async () => {
    await expectUnauthorized(`Bearer ${await app.issuer.sign(claims({ iat: now() - 7200, exp: now() - 3600 }))}`);
  });

  it('refuses a token signed by another key', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', kid: app.issuer.jwks().keys[0]!.kid! }).sign(privateKey);
    await expectUnauthorized(`Bearer ${forged}`);
  });

  it('refuses a wrong issuer or a wrong audience', async () => {
    await expectUnauthorized(`Bearer ${await app.issuer.sign(claims({ iss: 'https://evil.example.com' }))}`);
    await expectUnauthorized(`Bearer ${await app.issuer.sign(claims({ aud: 'another-client' }))}`);
  });

  it('refuses alg "none" and HS256 signed with the public key', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    await expectUnauthorized(`Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`);
    const publicJwk = app.issuer.jwks().keys[0]!;
    const hmacKey = new TextEncoder().encode(JSON.stringify(publicJwk));
    const confused = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: publicJwk.kid! }).sign(hmacKey);
    await expectUnauthorized(`Bearer ${confused}`);
  });

  it('refuses an access token (token_use "access") and a token without email', async () => {
    await expectUnauthorized(`Bearer ${await app.issuer.sign(claims({ token_use: 'access' }))}`);
    await expectUnauthorized(`Bearer ${await app.issuer.sign(claims({ email: undefined }))}`);
  });

  it('protects every user route, not only /v1/me', async () => {
    const anon = app.anonymous();
    for (const [method, path] of [
      ['GET', '/v1/posts'],
      ['POST', '/v1/posts'],
      ['GET', '/v1/posts/01ARZ3NDEKTSV4RRFFQ69G5FAV'],
      ['PATCH', '/v1/posts/01ARZ3NDEKTSV4RRFFQ69G5FAV'],
      ['DELETE', '/v1/posts/01ARZ3NDEKTSV4RRFFQ69G5FAV'],
    ] as const) {
      expect((await anon.request(method, path)).status, `${method} ${path}`).toBe(401);
    }
  });

  it('keys data by the verified subject, not by anything the client sends', async () => {
    const ada = await app.signIn('ada.lovelace@example.com');
    const res = await ada.request('GET', '/v1/me', { headers: { 'X-User-Id': 'someone-else' } });
    expect(res.body.userId).toBe(ada.userId);
    const again = await app.signIn('ADA.Lovelace@example.com ');
    expect(again.userId).toBe(ada.userId);
  });
});

describe('local sign-in', () => {
  it('rejects a missing or malformed email with 400', async () => {
    for (const body of [{}, { email: 'not-an-email' }, { email: 42 }, { email: 'a@b.co', extra: 1 }]) {
      const res = await fetch(`${app.url}/local/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_ERROR');
    }
  });

  it('publishes its public signing key and never the private parts', async () => {
    const res = await fetch(`${app.url}/local/.well-known/jwks.json`);
    const { keys } = (await res.json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(keys[0]).not.toHaveProperty(secret);
  });

  it('answers /v1/me with the profile', async () => {
    const user = await app.signIn('grace@example.com');
    const res = await user.get('/v1/me');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['createdAt', 'email', 'linkedin', 'postCounts', 'tier', 'timezone', 'userId']);
    expect(res.body.postCounts).toEqual({ draft: 0, scheduled: 0, waiting: 0, publishing: 0, published: 0, failed: 0 });
    expect(res.body).toMatchObject({ email: 'grace@example.com', tier: 'free', userId: user.userId });
  });
});

describe('gateway', () => {
  it('serves GET /health without a token', async () => {
    const res = await app.anonymous().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', checks: { database: { status: 'ok' } } });
  });

  it('answers unknown routes and methods with a JSON 404', async () => {
    const anon = app.anonymous();
    const unknown = await anon.get('/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toEqual({ code: 'NOT_FOUND', message: 'There is no route GET /v1/nothing-here', details: [] });
    expect((await anon.request('PUT', '/v1/posts')).status).toBe(404);
  });

  it('answers CORS preflight for known routes', async () => {
    const res = await fetch(`${app.url}/v1/posts`, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });
});

describe('PATCH /v1/me', () => {
  it('stores a valid IANA time zone and returns the profile', async () => {
    const user = await app.signIn();
    const res = await user.patch('/v1/me', { timezone: 'Europe/Paris' });
    expect(res.status).toBe(200);
    expect(res.body.timezone).toBe('Europe/Paris');
    expect((await user.get('/v1/me')).body.timezone).toBe('Europe/Paris');
  });

  it('rejects unknown zones, other fields and a tier change with 400', async () => {
    const user = await app.signIn();
    for (const body of [{ timezone: 'Mars/Olympus' }, { timezone: '' }, { timezone: 5 }, { timezone: 'UTC', tier: 'pro' }, {}]) {
      const res = await user.patch('/v1/me', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await user.get('/v1/me')).body).toMatchObject({ tier: 'free', timezone: null });
  });
});
