import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, localDynamoClient } from '../../bin/runtime/dynamodb-local';
import { LinkedInSandbox } from '../../bin/runtime/linkedin-sandbox/linkedin-sandbox';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import { complete, consent, connectLinkedIn, followCallback, handOver, sandboxOf } from './support/linkedin';
import { ManualClock } from '../support/manual-clock';
import { startTestApp, type TestApp } from './support/test-runtime';

let app: TestApp;
const clock = new ManualClock();

beforeAll(async () => {
  app = await startTestApp({ clock, publishing: { tickMs: 0 } });
});
afterAll(() => app?.stop());

function messageOf(landing: URL): string {
  expect(landing.searchParams.get('linkedin')).toBe('error');
  return landing.searchParams.get('message') ?? '';
}

/** What the table holds for a user: each item's sort key (PROFILE, LINKEDIN, AUDIT#…) and, for audit entries, the event. */
async function itemsOf(userId: string): Promise<{ SK: string; event?: string }[]> {
  const db = createDocumentClient(localDynamoClient(app.dynamoEndpoint));
  try {
    const { Items = [] } = await db.send(
      new QueryCommand({ TableName: app.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `USER#${userId}` } }),
    );
    return Items.map((item) => ({ SK: String(item['SK']), ...(typeof item['event'] === 'string' ? { event: item['event'] } : {}) }));
  } finally {
    db.destroy();
  }
}

async function stateExists(state: string): Promise<boolean> {
  const db = createDocumentClient(localDynamoClient(app.dynamoEndpoint));
  try {
    const { Item } = await db.send(new GetCommand({ TableName: app.tableName, Key: { PK: `OAUTH#${state}`, SK: 'STATE' }, ConsistentRead: true }));
    return Item !== undefined;
  } finally {
    db.destroy();
  }
}

const NOT_CONNECTED = { connected: false, needsReconnect: false, name: null, pictureUrl: null, memberUrn: null, expiresAt: null };

describe('connecting LinkedIn (OAuth 2.0 authorization code, through the local runtime and the sandbox)', () => {
  it('asks for the four scopes with a 256-bit state, lands on /settings with code and state, and stores the member when the web app completes', async () => {
    const ada = await app.signIn();
    const { authorizationUrl, html, callbackUrl } = await consent(app, ada, { member: 'Ada Lovelace' });
    expect(authorizationUrl.pathname).toBe('/oauth/v2/authorization');
    expect(authorizationUrl.searchParams.get('response_type')).toBe('code');
    expect(authorizationUrl.searchParams.get('client_id')).toBe('mark0-sandbox');
    expect(authorizationUrl.searchParams.get('redirect_uri')).toBe(`${app.url}/v1/linkedin/callback`);
    expect(authorizationUrl.searchParams.get('scope')).toBe('openid profile email w_member_social');
    expect(authorizationUrl.toString()).toContain('scope=openid%20profile%20email%20w_member_social');
    expect(authorizationUrl.searchParams.get('state')).toMatch(/^[0-9a-f]{64}$/);
    expect(html).toContain('SANDBOX LinkedIn');
    expect(html).toMatch(/Allow<\/button>[\s\S]*Deny<\/button>/);

    const code = callbackUrl.searchParams.get('code')!;
    const state = callbackUrl.searchParams.get('state')!;
    const landing = await followCallback(callbackUrl);
    expect(landing.origin + landing.pathname).toBe(`${app.url}/settings`);
    expect(Object.fromEntries(handOver(landing))).toEqual({ linkedin: 'callback', code, state });
    // In the fragment only: nothing of it reaches a server's access log or a Referer header.
    expect(landing.search).toBe('');
    // The public callback stored nothing: only the signed-in completion does.
    expect((await ada.get('/v1/me')).body.linkedin).toEqual(NOT_CONNECTED);

    const completed = await complete(ada, landing);
    expect(completed.status).toBe(200);
    const linkedin = {
      connected: true,
      needsReconnect: false,
      name: 'Ada Lovelace',
      pictureUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/media\/avatar\/.+\.svg$/),
      memberUrn: expect.stringMatching(/^urn:li:person:[A-Za-z0-9_-]+$/),
      expiresAt: new Date(clock.now().getTime() + 5_184_000_000).toISOString(),
    };
    expect(completed.body).toEqual({ linkedin, returnTo: `${app.url}/settings` });
    const me = await ada.get('/v1/me');
    expect(me.body.linkedin).toEqual(linkedin);
    expect(me.body.linkedin).toEqual(completed.body.linkedin);
    expect((await itemsOf(ada.userId)).filter((item) => item.event === 'linkedin.connected')).toHaveLength(1);
    expect(await stateExists(state)).toBe(false);
  });

  it('keeps the access token encrypted at rest, bound to the user', async () => {
    const grace = await app.signIn();
    await connectLinkedIn(app, grace, { member: 'Grace Hopper' });
    const db = createDocumentClient(localDynamoClient(app.dynamoEndpoint));
    const { Item } = await db.send(new GetCommand({ TableName: app.tableName, Key: { PK: `USER#${grace.userId}`, SK: 'LINKEDIN' } }));
    db.destroy();
    expect(Item?.['encryptedAccessToken']).toMatch(/^aesgcm:v1:/);
    const tokens = Object.keys((sandboxOf(app) as unknown as { store: { data: { tokens: Record<string, unknown> } } }).store.data.tokens);
    expect(tokens.length).toBeGreaterThan(0);
    for (const token of tokens) expect(JSON.stringify(Item)).not.toContain(token);
  });

  it('sends the user back to a returnTo page of the web app, with code and state added to its query', async () => {
    const user = await app.signIn();
    const { landing, completed } = await connectLinkedIn(app, user, { returnTo: `${app.url}/calendar?week=48` });
    expect(landing.toString()).toMatch(new RegExp(`^${app.url}/calendar\\?week=48#linkedin=callback&code=[^&]+&state=[0-9a-f]{64}$`));
    expect(completed.body.returnTo).toBe(`${app.url}/calendar?week=48`);
    const relative = await connectLinkedIn(app, user, { returnTo: '/posts' });
    expect(relative.landing.origin + relative.landing.pathname).toBe(`${app.url}/posts`);
    expect(relative.completed.body.returnTo).toBe(`${app.url}/posts`);
  });

  it.each([
    'https://evil.example/settings',
    '//evil.example/settings',
    '/\\evil.example',
    'javascript:alert(1)',
    `http://user:pass@127.0.0.1/settings`,
  ])('refuses returnTo %s with a 400 naming the allowed origins (no open redirect)', async (returnTo) => {
    const user = await app.signIn();
    const res = await user.post('/v1/linkedin/connect', { returnTo });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'returnTo', message: expect.stringContaining(app.url) }]);
  });

  it('refuses a tampered state and lands on the app with a message', async () => {
    const user = await app.signIn();
    const { callbackUrl } = await consent(app, user);
    const state = callbackUrl.searchParams.get('state')!;
    callbackUrl.searchParams.set('state', `${state.slice(0, -1)}${state.endsWith('0') ? '1' : '0'}`);
    const landing = await followCallback(callbackUrl);
    expect(landing.origin + landing.pathname).toBe(`${app.url}/settings`);
    expect(messageOf(landing)).toMatch(/already used or has expired/);
    expect((await user.get('/v1/me')).body.linkedin.connected).toBe(false);
  });

  it('refuses a missing or malformed state', async () => {
    for (const query of ['code=abc', 'code=abc&state=not-a-state', '']) {
      const landing = await followCallback(`${app.url}/v1/linkedin/callback?${query}`);
      expect(messageOf(landing)).toMatch(/not valid/);
    }
  });

  it('refuses a connect link finished in another account: the victim\'s LinkedIn is connected to nobody and the link is used up', async () => {
    const attacker = await app.signIn();
    const victim = await app.signIn();
    // The attacker starts a connection and sends the authorize link; the victim's browser opens it and presses Allow.
    const { callbackUrl } = await consent(app, attacker, { member: 'Victim Member' });
    const landing = await followCallback(callbackUrl);
    expect(handOver(landing).get('linkedin')).toBe('callback');
    const state = handOver(landing).get('state')!;

    // The victim's web app, signed in as the victim, completes.
    const refused = await complete(victim, landing);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      error: {
        code: 'LINKEDIN_CONNECT_OTHER_ACCOUNT',
        message: 'This LinkedIn connection was started from another Mark.0 account. Start again from Settings while signed in to the account you want to connect.',
        details: [],
      },
    });
    for (const user of [attacker, victim]) {
      expect((await user.get('/v1/me')).body.linkedin).toEqual(NOT_CONNECTED);
      const items = await itemsOf(user.userId);
      expect(items.map((item) => item.SK)).not.toContain('LINKEDIN');
      expect(items.filter((item) => item.event === 'linkedin.connected')).toEqual([]);
    }
    // Used up: not even the account that made it can complete it now (it never had the code anyway).
    expect(await stateExists(state)).toBe(false);
    const late = await complete(attacker, landing);
    expect(late.status).toBe(400);
    expect(late.body.error.message).toMatch(/already used or has expired/);
    expect((await attacker.get('/v1/me')).body.linkedin).toEqual(NOT_CONNECTED);
  });

  it('lets a completion through once: a replay, even at the same moment, is a 400 that says to start again', async () => {
    const user = await app.signIn();
    const { callbackUrl } = await consent(app, user);
    const landing = await followCallback(callbackUrl);
    const [first, second] = await Promise.all([complete(user, landing), complete(user, landing)]);
    expect([first.status, second.status].sort()).toEqual([200, 400]);
    const replay = await complete(user, landing);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toEqual({
      code: 'VALIDATION_ERROR',
      message: 'This LinkedIn connection link was already used or has expired (they last 10 minutes). Start again with Connect LinkedIn in Settings.',
      details: [{ field: 'state', message: 'was already used or has expired' }],
    });
    expect((await itemsOf(user.userId)).filter((item) => item.event === 'linkedin.connected')).toHaveLength(1);
  });

  it('does not use the state up at the callback: a second hit lands the same way, and completing still works', async () => {
    const user = await app.signIn();
    const { callbackUrl } = await consent(app, user);
    const first = await followCallback(callbackUrl);
    const second = await followCallback(callbackUrl);
    expect(second.toString()).toBe(first.toString());
    expect(await stateExists(callbackUrl.searchParams.get('state')!)).toBe(true);
    expect((await complete(user, second)).status).toBe(200);
    expect((await user.get('/v1/me')).body.linkedin.connected).toBe(true);
    // Once completed, the callback no longer knows the state.
    expect(messageOf(await followCallback(callbackUrl))).toMatch(/already used or has expired/);
  });

  it('refuses a state older than 10 minutes, at the callback and at completion', async () => {
    const user = await app.signIn();
    const { callbackUrl } = await consent(app, user);
    clock.advanceMinutes(11);
    const landing = await followCallback(callbackUrl);
    expect(landing.origin + landing.pathname).toBe(`${app.url}/settings`);
    expect(messageOf(landing)).toMatch(/expired \(they last 10 minutes\)/);

    const late = await consent(app, user);
    const lateLanding = await followCallback(late.callbackUrl);
    clock.advanceMinutes(11);
    const refused = await complete(user, lateLanding);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/already used or has expired/);
    expect((await user.get('/v1/me')).body.linkedin.connected).toBe(false);
  });

  it('validates the completion strictly, with bounded fields', async () => {
    const user = await app.signIn();
    const state = 'a'.repeat(64);
    const cases: [unknown, string][] = [
      [{ state }, 'code'],
      [{ code: '', state }, 'code'],
      [{ code: 'x'.repeat(4097), state }, 'code'],
      [{ code: 'abc', state: 'not-a-state' }, 'state'],
      [{ code: 'abc', state: state.toUpperCase() }, 'state'],
      [{ code: 'abc', state, userId: 'someone-else' }, 'userId'],
    ];
    for (const [body, field] of cases) {
      const res = await user.post('/v1/linkedin/complete', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const unknown = await user.post('/v1/linkedin/complete', { code: 'abc', state });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/already used or has expired/);
  });

  it('lands on the app with a message when the member presses Deny', async () => {
    const user = await app.signIn();
    const { callbackUrl } = await consent(app, user, { decision: 'deny', returnTo: '/calendar' });
    expect(callbackUrl.searchParams.get('error')).toBe('user_cancelled_authorize');
    const landing = await followCallback(callbackUrl);
    expect(landing.origin + landing.pathname).toBe(`${app.url}/calendar`);
    expect(landing.searchParams.has('code') || handOver(landing).has('code')).toBe(false);
    expect(messageOf(landing)).toBe('You cancelled the LinkedIn connection; nothing was changed.');
    expect((await user.get('/v1/me')).body.linkedin.connected).toBe(false);
  });

  it('lands on the app with LinkedIn\'s own error description', async () => {
    const user = await app.signIn();
    const { callbackUrl } = await consent(app, user);
    const errorUrl = new URL('/v1/linkedin/callback', app.url);
    errorUrl.searchParams.set('error', 'unauthorized_scope_error');
    errorUrl.searchParams.set('error_description', 'Scope "w_member_social" is not authorized for your application');
    errorUrl.searchParams.set('state', callbackUrl.searchParams.get('state')!);
    expect(messageOf(await followCallback(errorUrl))).toBe('LinkedIn did not connect your account: Scope "w_member_social" is not authorized for your application.');
  });

  it('answers the completion with LinkedIn\'s reason when the code exchange fails (400)', async () => {
    const user = await app.signIn();
    const { callbackUrl } = await consent(app, user);
    const landing = await followCallback(callbackUrl);
    sandboxOf(app).injectFaults({ endpoint: 'token', kind: 'status', status: 400, message: 'Unable to retrieve access token: authorization code expired.' });
    const res = await complete(user, landing);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'LINKEDIN_CONNECT_REFUSED',
      message: 'LinkedIn could not complete the connection: Unable to retrieve access token: authorization code expired. Start again with Connect LinkedIn.',
      details: [],
    });
    expect((await user.get('/v1/me')).body.linkedin.connected).toBe(false);
  });

  it('answers 503 with Retry-After when LinkedIn fails to say who the member is', async () => {
    const user = await app.signIn();
    const { callbackUrl } = await consent(app, user);
    const landing = await followCallback(callbackUrl);
    sandboxOf(app).injectFaults({ endpoint: 'userinfo', kind: 'status', status: 500 });
    const res = await complete(user, landing);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(res.body.error.code).toBe('LINKEDIN_UNAVAILABLE');
    expect(res.body.error.message).toMatch(/LinkedIn did not say who you are/);
    expect((await user.get('/v1/me')).body.linkedin.connected).toBe(false);
  });

  it('disconnects: the connection and its token are erased, and /v1/me says so', async () => {
    const user = await app.signIn();
    await connectLinkedIn(app, user);
    expect((await user.delete('/v1/linkedin')).status).toBe(204);
    expect((await user.get('/v1/me')).body.linkedin).toEqual(NOT_CONNECTED);
    const db = createDocumentClient(localDynamoClient(app.dynamoEndpoint));
    const { Item } = await db.send(new GetCommand({ TableName: app.tableName, Key: { PK: `USER#${user.userId}`, SK: 'LINKEDIN' } }));
    db.destroy();
    expect(Item).toBeUndefined();
    expect((await user.delete('/v1/linkedin')).status).toBe(204);
  });

  it('needs a signed-in user to connect, complete or disconnect, but not for LinkedIn\'s redirect back', async () => {
    expect((await app.anonymous().post('/v1/linkedin/connect', {})).status).toBe(401);
    expect((await app.anonymous().post('/v1/linkedin/complete', { code: 'abc', state: 'a'.repeat(64) })).status).toBe(401);
    expect((await app.anonymous().delete('/v1/linkedin')).status).toBe(401);
    expect((await fetch(`${app.url}/v1/linkedin/callback`, { redirect: 'manual' })).status).toBe(302);
  });

  it('says in /config.json that LinkedIn is a sandbox', async () => {
    const config = (await (await fetch(`${app.url}/config.json`)).json()) as { sandbox: { linkedin: unknown } };
    expect(config.sandbox.linkedin).toBe(true);
  });

  it('uses the LinkedIn the environment names when credentials are set (no sandbox), with its own callback as redirect URI', async () => {
    // A LinkedIn-protocol server standing in for linkedin.com, reached only through LINKEDIN_AUTH_URL / LINKEDIN_API_URL.
    const linkedin = new LinkedInSandbox({ clientId: 'real-client', clientSecret: 'real-secret', redirectUris: [] });
    await linkedin.start();
    const port = await freePort();
    linkedin.registerRedirectUri(`http://127.0.0.1:${port}/v1/linkedin/callback`);
    const real = await startTestApp({
      port,
      env: { LINKEDIN_CLIENT_ID: 'real-client', LINKEDIN_CLIENT_SECRET: 'real-secret', LINKEDIN_AUTH_URL: linkedin.authUrl, LINKEDIN_API_URL: linkedin.apiUrl },
      publishing: { tickMs: 0 },
    });
    try {
      expect(real.linkedin.sandbox).toBeUndefined();
      expect(((await (await fetch(`${real.url}/config.json`)).json()) as { sandbox: { linkedin: unknown } }).sandbox.linkedin).toBe(false);
      const user = await real.signIn();
      await connectLinkedIn(real, user);
      const created = await user.post('/v1/posts', { content: 'Through the configured LinkedIn' });
      await user.post(`/v1/posts/${created.body.id}/publish`);
      await real.publishing.step();
      const post = (await user.get(`/v1/posts/${created.body.id}`)).body;
      expect(linkedin.posts.map((p) => p.urn)).toEqual([post.linkedinUrn]);
      expect(post.linkedinUrl).toBe(`https://www.linkedin.com/feed/update/${post.linkedinUrn}`);
    } finally {
      await real.stop();
      await linkedin.stop();
    }
  });
});
