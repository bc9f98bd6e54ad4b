import { expect } from 'vitest';
import type { LinkedInSandbox } from '../../../bin/runtime/linkedin-sandbox/linkedin-sandbox';
import { toLittleText } from '@contract/little-text';
import type { CreatePostInput, CreatePostResult, LinkedInClient } from '@lambdas/core/ports/linkedin-client';
import type { ApiClient, ApiResponse, TestApp } from './test-runtime';

export interface ConsentOptions {
  /** Allow (default) or Deny on the sandbox consent page. */
  decision?: 'allow' | 'deny';
  member?: string;
  returnTo?: string;
}

/**
 * The browser's side of the OAuth round trip, step by step with redirects not
 * followed: POST /v1/linkedin/connect, the sandbox consent page, its Allow/Deny
 * form, and LinkedIn's redirect to the runtime's callback. Returns each hop so
 * tests can tamper with or replay any of them.
 */
export async function consent(app: TestApp, user: ApiClient, options: ConsentOptions = {}) {
  const connect = await user.post('/v1/linkedin/connect', options.returnTo === undefined ? {} : { returnTo: options.returnTo });
  expect(connect.status, JSON.stringify(connect.body)).toBe(200);
  const authorizationUrl = new URL(connect.body.authorizationUrl as string);
  const page = await fetch(authorizationUrl);
  const html = await page.text();
  expect(page.status, html).toBe(200);
  const form = new URLSearchParams({
    client_id: authorizationUrl.searchParams.get('client_id') ?? '',
    redirect_uri: authorizationUrl.searchParams.get('redirect_uri') ?? '',
    state: authorizationUrl.searchParams.get('state') ?? '',
    scope: authorizationUrl.searchParams.get('scope') ?? '',
    decision: options.decision ?? 'allow',
    member: options.member ?? 'Ada Lovelace',
  });
  const decided = await fetch(new URL('authorization', authorizationUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form,
    redirect: 'manual',
  });
  expect(decided.status).toBe(302);
  const callbackUrl = new URL(decided.headers.get('location')!);
  expect(callbackUrl.origin).toBe(app.url);
  return { authorizationUrl, html, callbackUrl };
}

/** Follows the callback like the browser does; returns where the app sends the browser. */
export async function followCallback(callbackUrl: URL | string): Promise<URL> {
  const res = await fetch(callbackUrl, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

/** LinkedIn's hand-over on the landing page, in its fragment (`#linkedin=callback&code&state`): never sent to a server. */
export function handOver(landing: URL): URLSearchParams {
  return new URLSearchParams(landing.hash.replace(/^#/, ''));
}

/** What the web app does on the landing page: completes as its signed-in user with the fragment's code and state. */
export function complete(user: ApiClient, landing: URL): Promise<ApiResponse> {
  const given = handOver(landing);
  return user.post('/v1/linkedin/complete', { code: given.get('code'), state: given.get('state') });
}

/** Connects the user's (sandbox) LinkedIn the way the browser and the web app do; returns the landing URL and the completion. */
export async function connectLinkedIn(app: TestApp, user: ApiClient, options: ConsentOptions = {}): Promise<{ landing: URL; completed: ApiResponse }> {
  const { callbackUrl } = await consent(app, user, options);
  const landing = await followCallback(callbackUrl);
  expect(handOver(landing).get('linkedin'), landing.searchParams.get('message') ?? '').toBe('callback');
  const completed = await complete(user, landing);
  expect(completed.status, JSON.stringify(completed.body)).toBe(200);
  return { landing, completed };
}

export function sandboxOf(app: TestApp): LinkedInSandbox {
  const sandbox = app.linkedin.sandbox;
  if (!sandbox) throw new Error('This test runtime runs without the sandbox LinkedIn');
  return sandbox;
}

/** The sandbox posts carrying this content (as Mark.0 writes it in little text). */
export function sandboxPostsOf(app: TestApp, content: string) {
  return sandboxOf(app).posts.filter((post) => post.commentary === toLittleText(content));
}

/**
 * `client` with its Posts call replaced (to count, crash or watch it); the other calls go to
 * `client` as they are. Methods are bound one by one: the adapter is a class, so a spread would lose them.
 */
export function withCreatePost(client: LinkedInClient, createPost: (input: CreatePostInput, real: LinkedInClient['createPost']) => Promise<CreatePostResult>): LinkedInClient {
  return {
    authorizationUrl: (input) => client.authorizationUrl(input),
    exchangeCode: (code) => client.exchangeCode(code),
    userInfo: (token) => client.userInfo(token),
    createPost: (input) => createPost(input, (i) => client.createPost(i)),
  };
}
