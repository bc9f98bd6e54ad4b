import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, localDynamoClient } from '../../bin/runtime/dynamodb-local';
import { LinkedInSandbox } from '../../bin/runtime/linkedin-sandbox/linkedin-sandbox';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/document-client';
import { consent, connectLinkedIn, followCallback, sandboxOf } from './support/linkedin';
import { ManualClock } from './support/manual-clock';
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

describe('connecting LinkedIn (OAuth 2.0 authorization code, through the local runtime and the sandbox)', () => {
  it('asks for the four scopes with a 256-bit state, then stores the member and lands on /settings?linkedin=connected', async () => {
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

    const landing = await followCallback(callbackUrl);
    expect(landing.toString()).toBe(`${app.url}/settings?linkedin=connected`);

    const me = await ada.get('/v1/me');
    expect(me.body.linkedin).toEqual({
      connected: true,
      needsReconnect: false,
      name: 'Ada Lovelace',
      pictureUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/media\/avatar\/.+\.svg$/),
      memberUrn: expect.stringMatching(/^urn:li:person:[A-Za-z0-9_-]+$/),
      expiresAt: new Date(clock.now().getTime() + 5_184_000_000).toISOString(),
    });
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

  it('sends the user back to a returnTo page of the web app, with the outcome added to its query', async () => {
    const user = await app.signIn();
    const landing = await connectLinkedIn(app, user, { returnTo: `${app.url}/calendar?week=48` });
    expect(landing.toString()).toBe(`${app.url}/calendar?week=48&linkedin=connected`);
    const relative = await connectLinkedIn(app, user, { returnTo: '/posts' });
    expect(relative.toString()).toBe(`${app.url}/posts?linkedin=connected`);
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

  it('refuses the same callback twice: a state is single use, even for two callbacks at the same moment', async () => {
    const user = await app.signIn();
    const { callbackUrl } = await consent(app, user);
    const [first, second] = await Promise.all([followCallback(callbackUrl), followCallback(callbackUrl)]);
    const outcomes = [first.searchParams.get('linkedin'), second.searchParams.get('linkedin')].sort();
    expect(outcomes).toEqual(['connected', 'error']);
    const replay = await followCallback(callbackUrl);
    expect(messageOf(replay)).toMatch(/already used/);
  });

  it('refuses a state older than 10 minutes', async () => {
    const user = await app.signIn();
    const { callbackUrl } = await consent(app, user);
    clock.advanceMinutes(11);
    const landing = await followCallback(callbackUrl);
    expect(messageOf(landing)).toMatch(/expired/);
    expect((await user.get('/v1/me')).body.linkedin.connected).toBe(false);
  });

  it('lands on the app with a message when the member presses Deny', async () => {
    const user = await app.signIn();
    const { callbackUrl } = await consent(app, user, { decision: 'deny', returnTo: '/settings' });
    expect(callbackUrl.searchParams.get('error')).toBe('user_cancelled_authorize');
    const landing = await followCallback(callbackUrl);
    expect(messageOf(landing)).toBe('You cancelled the LinkedIn connection; nothing was changed.');
    expect((await user.get('/v1/me')).body.linkedin.connected).toBe(false);
  });

  it('lands on the app with LinkedIn\'s reason when the code exchange fails', async () => {
    const user = await app.signIn();
    const { callbackUrl } = await consent(app, user);
    sandboxOf(app).injectFaults({ endpoint: 'token', kind: 'status', status: 400, message: 'Unable to retrieve access token: authorization code expired.' });
    const landing = await followCallback(callbackUrl);
    expect(messageOf(landing)).toBe('LinkedIn could not complete the connection: Unable to retrieve access token: authorization code expired. Start again with Connect LinkedIn.');
    expect((await user.get('/v1/me')).body.linkedin.connected).toBe(false);
  });

  it('lands on the app with a message when LinkedIn does not say who the member is', async () => {
    const user = await app.signIn();
    const { callbackUrl } = await consent(app, user);
    sandboxOf(app).injectFaults({ endpoint: 'userinfo', kind: 'status', status: 500 });
    expect(messageOf(await followCallback(callbackUrl))).toMatch(/LinkedIn did not say who you are/);
  });

  it('disconnects: the connection and its token are erased, and /v1/me says so', async () => {
    const user = await app.signIn();
    await connectLinkedIn(app, user);
    expect((await user.delete('/v1/linkedin')).status).toBe(204);
    expect((await user.get('/v1/me')).body.linkedin).toEqual({ connected: false, needsReconnect: false, name: null, pictureUrl: null, memberUrn: null, expiresAt: null });
    const db = createDocumentClient(localDynamoClient(app.dynamoEndpoint));
    const { Item } = await db.send(new GetCommand({ TableName: app.tableName, Key: { PK: `USER#${user.userId}`, SK: 'LINKEDIN' } }));
    db.destroy();
    expect(Item).toBeUndefined();
    expect((await user.delete('/v1/linkedin')).status).toBe(204);
  });

  it('needs a signed-in user to connect or disconnect, but not for LinkedIn\'s redirect back', async () => {
    expect((await app.anonymous().post('/v1/linkedin/connect', {})).status).toBe(401);
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
