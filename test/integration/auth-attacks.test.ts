import { randomBytes, randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, routeKey } from '@contract/routes';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import { keys } from '@lambdas/adapters/dynamodb/keys';
import { localDynamoClient } from '../../bin/runtime/dynamodb-local';
import { ManualClock } from '../support/manual-clock';
import { idClaims } from './support/id-claims';
import { complete, consent, connectLinkedIn, followCallback, handOver, sandboxOf } from './support/linkedin';
import { pathFor, routeCase, type Owned } from './support/route-cases';
import { startTestApp, type ApiClient, type TestApp } from './support/test-runtime';

/**
 * Attacks on the real authorizer and the LinkedIn connection, generated over the route table:
 * every forged or broken token against every signed-in route, each refused with the gateway's
 * 401 before any handler runs (no account is made for the token's subject); OAuth states forged,
 * replayed, expired or another user's, and returnTo aimed off-site: all refused, and not one of
 * them makes a call to LinkedIn's token endpoint (the sandbox counts them).
 */
let app: TestApp;
const clock = new ManualClock();
beforeAll(async () => {
  app = await startTestApp({ clock, authorizerCacheTtlSeconds: 0, publishing: { tickMs: 0 } });
});
afterAll(() => app?.stop());

const now = () => Math.floor(clock.now().getTime() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const USER_ROUTES = ROUTES.filter((route) => route.auth === 'user');
/** Ids of the right shape that name nothing: the authorizer must refuse before any handler could look. */
const NOBODY: Owned = {
  userId: 'nobody',
  email: 'nobody@example.com',
  draftId: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
  scheduledId: '01ARZ3NDEKTSV4RRFFQ69G5FAW',
  mediaId: 'img_01ARZ3NDEKTSV4RRFFQ69G5FAV',
  cursor: 'e30.c2ln',
  oauthState: 'a'.repeat(64),
};

/** Each attack: a subject of its own (so "no account was made for it" can be checked) and the Authorization header it sends. */
async function attacks(): Promise<{ name: string; sub: string; authorization: string | undefined }[]> {
  const claims = (sub: string, overrides: Record<string, unknown> = {}) => idClaims(app, sub, now(), overrides);
  const publicJwk = app.issuer.jwks().keys[0]!;
  const { privateKey: otherKey } = await generateKeyPair('RS256');
  const made: [string, (sub: string) => Promise<string | undefined>][] = [
    ['no token', async () => undefined],
    ['not a bearer scheme', async () => 'Basic dXNlcjpwYXNz'],
    ['malformed', async () => 'Bearer not.a.jwt'],
    ['two tokens', async (sub) => `Bearer ${await app.issuer.sign(claims(sub))} ${await app.issuer.sign(claims(sub))}`],
    ['expired', async (sub) => `Bearer ${await app.issuer.sign(claims(sub, { iat: now() - 7200, exp: now() - 3600 }))}`],
    ['not yet valid (nbf an hour ahead)', async (sub) => `Bearer ${await app.issuer.sign(claims(sub, { nbf: now() + 3600, exp: now() + 7200 }))}`],
    ['wrong issuer', async (sub) => `Bearer ${await app.issuer.sign(claims(sub, { iss: 'https://evil.example' }))}`],
    ['wrong audience', async (sub) => `Bearer ${await app.issuer.sign(claims(sub, { aud: 'another-client' }))}`],
    ['an access token', async (sub) => `Bearer ${await app.issuer.sign(claims(sub, { token_use: 'access' }))}`],
    ['alg none', async (sub) => `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims(sub))}.`],
    ['HS256 signed with the public key', async (sub) => `Bearer ${await new SignJWT(claims(sub)).setProtectedHeader({ alg: 'HS256', kid: publicJwk.kid! }).sign(new TextEncoder().encode(JSON.stringify(publicJwk)))}`],
    ['signed by another key under the real kid', async (sub) => `Bearer ${await new SignJWT(claims(sub)).setProtectedHeader({ alg: 'RS256', kid: publicJwk.kid! }).sign(otherKey)}`],
    ['an unknown kid', async (sub) => `Bearer ${await new SignJWT(claims(sub)).setProtectedHeader({ alg: 'RS256', kid: 'kid-nobody-published' }).sign(otherKey)}`],
    ['claims edited after signing', async (sub) => {
      const [header, , signature] = (await app.issuer.sign(claims('someone-else'))).split('.');
      return `Bearer ${header}.${b64(claims(sub))}.${signature}`;
    }],
  ];
  return Promise.all(made.map(async ([name, make]) => {
    const sub = `attack-${randomUUID()}`;
    return { name, sub, authorization: await make(sub) };
  }));
}

async function profileOf(userId: string): Promise<unknown> {
  const db = createDocumentClient(localDynamoClient(app.dynamoEndpoint));
  try {
    return (await db.send(new GetCommand({ TableName: app.tableName, Key: { PK: keys.user(userId), SK: keys.profileSk }, ConsistentRead: true }))).Item;
  } finally {
    db.destroy();
  }
}

describe('forged and broken tokens on every signed-in route', () => {
  it('refuses each with the gateway\'s 401 before any handler runs, and makes no account for its subject', async () => {
    const tried = await attacks();
    let requests = 0;
    for (const attack of tried) {
      const client = app.anonymous(attack.authorization);
      for (const route of USER_ROUTES) {
        const body = routeCase(route).body?.(NOBODY);
        const res = await client.request(route.method, pathFor(route, NOBODY), body === undefined ? {} : { json: body });
        requests++;
        expect(res.status, `${attack.name}: ${routeKey(route.method, route.path)}`).toBe(401);
        expect(res.body.error, attack.name).toEqual({ code: 'UNAUTHORIZED', message: 'Sign in first: the bearer token is missing, expired or invalid.', details: [] });
      }
      expect(await profileOf(attack.sub), attack.name).toBeUndefined();
    }
    expect(requests).toBe(tried.length * USER_ROUTES.length);
    console.log(`[auth] ${tried.length} token attacks × ${USER_ROUTES.length} signed-in routes = ${requests} requests, all 401`);
  });

  it.runIf(ROUTES.some((route) => routeKey(route.method, route.path) === 'DELETE /v1/me'))('refuses the still-unexpired token of a deleted account on every route, and never signs it up again', async () => {
    const email = `deleted-${randomUUID()}@example.com`;
    const user = await app.signIn(email);
    const deleted = await user.request('DELETE', '/v1/me', { json: routeCase(ROUTES.find((r) => routeKey(r.method, r.path) === 'DELETE /v1/me')!).body?.({ ...NOBODY, email }) });
    expect(deleted.status, JSON.stringify(deleted.body)).toBeLessThan(300);
    for (let waited = 0; (await user.get('/v1/me')).status !== 401; waited += 100) {
      if (waited > 30_000) throw new Error('the deleted account\'s token still works after 30 s');
      await app.publishing.step();
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const route of USER_ROUTES) {
      const body = routeCase(route).body?.(NOBODY);
      const res = await user.request(route.method, pathFor(route, NOBODY), body === undefined ? {} : { json: body });
      expect(res.status, routeKey(route.method, route.path)).toBe(401);
    }
    expect(await profileOf(user.userId)).toBeUndefined();
  });
});

describe('the LinkedIn connection under attack: refused, and LinkedIn\'s token endpoint never called', () => {
  const tokenCalls = () => sandboxOf(app).requests.filter((request) => request.endpoint === 'token').length;
  let victim: ApiClient;
  let attacker: ApiClient;
  beforeAll(async () => {
    victim = await app.signIn();
    attacker = await app.signIn();
  });

  async function expectRefusedWithoutTokenCall(what: string, attempt: () => Promise<{ status: number; body: any }>) {
    const before = tokenCalls();
    const res = await attempt();
    expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
    expect(res.status, what).toBeLessThan(500);
    expect(res.body.error.message.length, what).toBeGreaterThan(10);
    expect(tokenCalls(), `${what} reached LinkedIn's token endpoint`).toBe(before);
  }

  it('a forged state (well formed, never issued)', async () => {
    const { callbackUrl } = await consent(app, victim);
    await expectRefusedWithoutTokenCall('forged state', () => victim.post('/v1/linkedin/complete', { code: callbackUrl.searchParams.get('code'), state: randomBytes(32).toString('hex') }));
  });

  it('a state used once already (replayed)', async () => {
    const { landing } = await connectLinkedIn(app, victim);
    await expectRefusedWithoutTokenCall('replayed state', () => complete(victim, landing));
  });

  it('an expired state (over 10 minutes old)', async () => {
    const landing = await followCallback((await consent(app, victim)).callbackUrl);
    clock.advanceMinutes(11);
    await expectRefusedWithoutTokenCall('expired state', () => complete(victim, landing));
  });

  it('another user\'s state, with the code LinkedIn gave that user', async () => {
    const landing = await followCallback((await consent(app, victim)).callbackUrl);
    expect(handOver(landing).get('linkedin')).toBe('callback');
    await expectRefusedWithoutTokenCall('another user\'s state', () => complete(attacker, landing));
  });

  it.each(['https://evil.example', '//evil.example', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<script>alert(1)</script>', ' https://evil.example', 'https:evil.example', '/%2F%2Fevil.example', 'http://127.0.0.1.evil.example/settings', 'https://evil.example#@127.0.0.1'])(
    'returnTo %s',
    async (returnTo) => {
      const before = tokenCalls();
      const res = await victim.post('/v1/linkedin/connect', { returnTo });
      if (res.status === 200) {
        // Accepted only as a path of the web app itself (e.g. /%2F%2Fevil.example): the landing stays on the app's origin.
        const { callbackUrl } = await consent(app, victim, { returnTo });
        expect(new URL((await followCallback(callbackUrl)).toString()).origin, returnTo).toBe(app.url);
      } else {
        expect(res.status, JSON.stringify(res.body)).toBe(400);
        expect(res.body.error.details[0].field).toBe('returnTo');
      }
      expect(tokenCalls()).toBe(before);
    },
  );
});
