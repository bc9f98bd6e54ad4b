import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '@contract/routes';
import { connectLinkedIn } from './support/linkedin';
import { ownedData, pathFor, routeCase, routesWithCases, type Owned } from './support/route-cases';
import { startTestApp, type ApiClient, type ApiResponse, type TestApp } from './support/test-runtime';

/**
 * "No input makes it answer 5xx or crash", across every route in the route
 * table (a route added later is swept too): odd path ids, odd query strings and
 * odd bodies. Every answer must be below 500, and every 4xx must carry the API's
 * error shape with a message a person can read. Afterwards the app still serves.
 * Requests are built from the route table's cases (support/route-cases.ts), among them one
 * valid request per route aimed at Ada's own data (DELETE with her real ids removes them).
 */
let app: TestApp;
let ada: ApiClient;
let owned: Owned;

beforeAll(async () => {
  app = await startTestApp();
  ada = await app.signIn('hostile@example.com');
  owned = await ownedData(ada, (user) => connectLinkedIn(app, user), 'hostile@example.com');
}, 60_000);
afterAll(() => app?.stop());

const IDS = ['%00', '..%2F..%2Fetc%2Fpasswd', 'x'.repeat(2000), '%F0%9F%9A%80', "'%20OR%201=1--", '__proto__', 'USER%23someone%23POST'];
const QUERIES = ['?limit=-1', '?limit=1e309', '?limit=%00', '?cursor=' + 'A'.repeat(5000), '?status[]=draft&status=x', '?__proto__[x]=1', '?constructor=1&__proto__=2&toString=3&hasOwnProperty=4', '?code=&state=' + 'z'.repeat(3000)];
const BODIES: { body: string; contentType?: string }[] = [
  { body: '{' },
  { body: 'null' },
  { body: '[]' },
  { body: '"a string"' },
  { body: '12345678901234567890' },
  { body: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}' },
  { body: JSON.stringify({ content: { nested: [1, { deeper: null }] }, topic: ['a'], tone: 7, variants: 1e9, timeZone: 'Mars/Base', scheduledAt: 'tomorrow' }) },
  { body: JSON.stringify({ content: '\u0000\uFFFF\uD800', scheduledAt: '9999-99-99T99:99:99Z', version: -1 }) },
  { body: '[' .repeat(5000) + ']'.repeat(5000) },
  { body: 'content=hello', contentType: 'application/x-www-form-urlencoded' },
  { body: '{"content":"ok"}', contentType: 'text/plain' },
  { body: '{"content":"ok"}', contentType: 'application/json; charset=utf-16' },
];

function pathsOf(route: Route): string[] {
  if (!route.path.includes('{')) return [route.path, pathFor(route, owned), ...QUERIES.map((q) => route.path + q)];
  return [...IDS.map((id) => route.path.replace(/\{\w+\}/g, id)), pathFor(route, owned)];
}

/** The odd bodies, and the route's valid one. */
function bodiesOf(route: Route): { body: string; contentType?: string }[] {
  const valid = routeCase(route).body?.(owned);
  return valid === undefined ? BODIES : [...BODIES, { body: JSON.stringify(valid) }];
}

function expectHandled(res: ApiResponse, what: string): void {
  expect(res.status, what).toBeLessThan(500);
  if (res.status >= 400) {
    expect(typeof res.body?.error?.message, `${what}: ${JSON.stringify(res.body).slice(0, 200)}`).toBe('string');
    expect(res.body.error.message.length, what).toBeGreaterThan(10);
  }
}

describe('hostile input on every route', () => {
  it.each(routesWithCases().map(([route]) => [`${route.method} ${route.path}`, route] as const))('%s never answers 5xx', async (_, route) => {
    // A route that ends the caller's account is swept as a user of its own.
    const caller = routeCase(route).destroysCaller ? await app.signIn() : ada;
    for (const path of pathsOf(route)) {
      const what = `${route.method} ${path.slice(0, 80)}`;
      if (route.method === 'GET' || route.method === 'DELETE') {
        const res = await caller.request(route.method, path, { redirect: 'manual' });
        // The OAuth callback and a mail's unsubscribe link answer the browser with a redirect, not JSON.
        if (routeCase(route).redirects) expect(res.status, what).toBeLessThan(500);
        else expectHandled(res, what);
        continue;
      }
      for (const { body, contentType } of bodiesOf(route)) {
        const res = await caller.request(route.method, path, { body, headers: { 'Content-Type': contentType ?? 'application/json' } });
        expectHandled(res, `${what} with ${body.slice(0, 40)}`);
      }
    }
  });

  it('takes headers and query parameters named like Object.prototype members (constructor, __proto__) as plain names', async () => {
    // Found by the fuzzer: the local gateway built its event maps on plain objects and answered 500.
    const res = await ada.request('GET', '/v1/me?constructor=1&__proto__=2', { headers: { constructor: 'x', __proto__: 'y', toString: 'z' } });
    expect(res.status).toBe(200);
    expect(res.body.userId).toBe(ada.userId);
  });

  it('still serves afterwards', async () => {
    const created = await ada.post('/v1/posts', { content: 'After the storm' });
    expect(created.status).toBe(201);
    expect((await ada.get(`/v1/posts/${created.body.id}`)).body.content).toBe('After the storm');
    expect((await ada.get('/health')).status).toBe(200);
  });
});
