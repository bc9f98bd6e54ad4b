import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConcurrencyModel } from '../../bin/runtime/capacity';
import { LocalGateway } from '../../bin/runtime/gateway';
import { CAPACITY_RETRY_AFTER_SECONDS } from '@contract/function-capacity';
import { gatewayErrorBody } from '@contract/gateway-responses';
import type { Route } from '@contract/routes';
import type { AuthorizerHandler } from '@lambdas/handlers/authorizer';
import type { ProxyHandler } from '@lambdas/handlers/http/http-api';

const routes: Route[] = [
  { method: 'GET', path: '/v1/items/{id}', fn: 'posts', auth: 'user' },
  { method: 'GET', path: '/health', fn: 'health', auth: 'none' },
];

let gateway: LocalGateway | undefined;
afterEach(() => gateway?.close());

function echo(events: APIGatewayProxyEvent[]): ProxyHandler {
  return async (event) => {
    events.push(event);
    return { statusCode: 200, body: JSON.stringify({ ok: true }) };
  };
}

async function start(options: { ttl: number; authorizer: AuthorizerHandler; events: APIGatewayProxyEvent[] }) {
  gateway = new LocalGateway({
    routes,
    functions: { posts: echo(options.events), queue: echo(options.events), health: echo(options.events), account: echo(options.events), ai: echo(options.events), linkedin: echo(options.events), media: echo(options.events), export: echo(options.events) },
    authorizer: options.authorizer,
    authorizerCacheTtlSeconds: options.ttl,
  });
  const port = await gateway.listen(0);
  // The runtime opens the gateway once every part is up; these tests have no other part.
  gateway.open();
  return `http://127.0.0.1:${port}`;
}

const allow = (principalId: string): Awaited<ReturnType<AuthorizerHandler>> => ({
  principalId,
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' }] },
  context: { userId: principalId, tier: 'free' },
  usageIdentifierKey: `key-of-${principalId}`,
});

describe('LocalGateway', () => {
  it('builds an API Gateway proxy event: resource, decoded path parameters, query, authorizer context', async () => {
    const events: APIGatewayProxyEvent[] = [];
    const url = await start({ ttl: 0, events, authorizer: async () => allow('u1') });
    const res = await fetch(`${url}/v1/items/a%20b?x=1&x=2&y=3`, { headers: { Authorization: 'Bearer t' } });
    expect(res.status).toBe(200);
    const event = events[0]!;
    expect(event.resource).toBe('/v1/items/{id}');
    expect(event.path).toBe('/v1/items/a%20b');
    expect(event.pathParameters).toEqual({ id: 'a b' });
    expect(event.queryStringParameters).toEqual({ x: '2', y: '3' });
    expect(event.multiValueQueryStringParameters).toEqual({ x: ['1', '2'], y: ['3'] });
    expect(event.requestContext.authorizer).toEqual({ principalId: 'u1', userId: 'u1', tier: 'free' });
    // The API key meters the request; handlers see it where API Gateway puts it, not in the authorizer context.
    expect(event.requestContext.identity.apiKey).toBe('key-of-u1');
    expect(event.body).toBeNull();
  });

  it('caches an allow result per token for the TTL, and calls the authorizer again for a new token', async () => {
    let calls = 0;
    const events: APIGatewayProxyEvent[] = [];
    const url = await start({ ttl: 300, events, authorizer: async () => (calls++, allow('u1')) });
    for (let i = 0; i < 3; i++) await fetch(`${url}/v1/items/1`, { headers: { Authorization: 'Bearer one' } });
    expect(calls).toBe(1);
    await fetch(`${url}/v1/items/1`, { headers: { Authorization: 'Bearer two' } });
    expect(calls).toBe(2);
    gateway!.clearAuthorizerCache();
    await fetch(`${url}/v1/items/1`, { headers: { Authorization: 'Bearer one' } });
    expect(calls).toBe(3);
  });

  it('never caches a refusal, and maps an authorizer fault to 503, not 401', async () => {
    let mode: 'refuse' | 'fault' = 'refuse';
    const url = await start({
      ttl: 300,
      events: [],
      authorizer: async () => {
        throw new Error(mode === 'refuse' ? 'Unauthorized' : 'database down');
      },
    });
    expect((await fetch(`${url}/v1/items/1`, { headers: { Authorization: 'Bearer x' } })).status).toBe(401);
    mode = 'fault';
    const res = await fetch(`${url}/v1/items/1`, { headers: { Authorization: 'Bearer x' } });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('answers 502 when a function throws instead of returning, as API Gateway does', async () => {
    gateway = new LocalGateway({
      routes,
      functions: {
        health: async () => {
          throw new Error('boom');
        },
      } as never,
      authorizer: async () => allow('u'),
      authorizerCacheTtlSeconds: 0,
    });
    const url = `http://127.0.0.1:${await gateway.listen(0)}`;
    gateway.open();
    const original = console.error;
    console.error = () => undefined;
    try {
      expect((await fetch(`${url}/health`)).status).toBe(502);
    } finally {
      console.error = original;
    }
  });

  it('answers a user route whose authorizer returned no API key as API Gateway would (INVALID_API_KEY: a retryable 503)', async () => {
    const events: APIGatewayProxyEvent[] = [];
    const url = await start({ ttl: 0, events, authorizer: async () => ({ ...allow('u1'), usageIdentifierKey: undefined }) });
    const res = await fetch(`${url}/v1/items/1`, { headers: { Authorization: 'Bearer t' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SERVICE_UNAVAILABLE');
    expect(events).toHaveLength(0);
  });

  it('on stop, lets a request in flight finish with its answer (not a reset), and tells one arriving meanwhile to come back (503, Retry-After)', async () => {
    let release!: () => void;
    const held = new Promise<void>((done) => (release = done));
    let started!: () => void;
    const inFunction = new Promise<void>((done) => (started = done));
    gateway = new LocalGateway({
      routes,
      functions: {
        health: async () => {
          started();
          await held;
          return { statusCode: 200, body: JSON.stringify({ written: true }) };
        },
      } as never,
      authorizer: async () => allow('u'),
      authorizerCacheTtlSeconds: 0,
    });
    const url = `http://127.0.0.1:${await gateway.listen(0)}`;
    gateway.open();
    const inFlight = fetch(`${url}/health`);
    await inFunction;
    const stopped = gateway.close(10_000);
    const late = await fetch(`${url}/health`);
    expect([late.status, late.headers.get('retry-after'), late.headers.get('connection')]).toEqual([503, '5', 'close']);
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe('SERVICE_UNAVAILABLE');
    release();
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(await answered.json()).toEqual({ written: true });
    await stopped;
    gateway = undefined;
    // Stopped: no connection is taken any more.
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it('gives a request 30 s to arrive whole (Node then answers 408, not 300 s), and logs a client gone mid-body in one line, not as a failure', async () => {
    const url = new URL(await start({ ttl: 0, events: [], authorizer: async () => allow('u') }));
    const { connect } = await import('node:net');
    const warnings: string[] = [];
    const errors: unknown[] = [];
    const [warn, error] = [console.warn, console.error];
    console.warn = (line: string) => warnings.push(line);
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const gone = connect(Number(url.port), '127.0.0.1');
      await new Promise((done) => gone.once('connect', done));
      gone.write('POST /health HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":');
      await vi.waitFor(() => expect(gateway!['server']!.requestsInFlight).toBe(1));
      gone.destroy();
      await vi.waitFor(() => expect(warnings.join('\n')).toMatch(/POST \/health: the client closed the connection before its request was whole/));
      expect(errors).toEqual([]);
    } finally {
      [console.warn, console.error] = [warn, error];
    }
    expect([gateway!['server']!.server.requestTimeout, gateway!['server']!.server.headersTimeout]).toEqual([30_000, 20_000]);
  });

  it('refuses bodies over 1 MB before reading them whole', async () => {
    const url = await start({ ttl: 0, events: [], authorizer: async () => allow('u') });
    const res = await fetch(`${url}/health`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
    expect(res.status).toBe(413);
  });
});

describe('LocalGateway past its capacity (Lambda concurrency and timeouts, contract/function-capacity.ts)', () => {
  /** A function that holds every invocation until the test lets it go: capacity is exercised without waiting for time. */
  function held() {
    const waiting: (() => void)[] = [];
    let entered = 0;
    const fn: ProxyHandler = async () => {
      entered++;
      await new Promise<void>((release) => waiting.push(release));
      return { statusCode: 200, body: '{}' };
    };
    return { fn, entered: () => entered, releaseAll: () => waiting.splice(0).forEach((release) => release()) };
  }

  /** A gateway whose posts function is `posts`, the others echoing, with `capacity`; opened, its URL returned. */
  async function startWithPosts(posts: ProxyHandler, capacity: ConcurrencyModel): Promise<string> {
    const events: APIGatewayProxyEvent[] = [];
    gateway = new LocalGateway({
      routes,
      functions: { posts, queue: echo(events), health: echo(events), account: echo(events), ai: echo(events), linkedin: echo(events), media: echo(events), export: echo(events) },
      authorizer: async () => allow('u1'),
      authorizerCacheTtlSeconds: 300,
      capacity,
    });
    const url = `http://127.0.0.1:${await gateway.listen(0)}`;
    gateway.open();
    return url;
  }

  it('refuses an invocation past the function\'s reserved concurrency at once with 503 SERVICE_UNAVAILABLE and Retry-After, and serves again once a slot frees', async () => {
    const slow = held();
    const url = await startWithPosts(slow.fn, new ConcurrencyModel({ posts: { reservedConcurrency: 2, timeoutSeconds: 10 }, health: { timeoutSeconds: 10 } }, 1000));
    const get = () => fetch(`${url}/v1/items/1`, { headers: { Authorization: 'Bearer t' } });
    const running = [get(), get()];
    await expect.poll(slow.entered).toBe(2);
    const refused = await get();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe(String(CAPACITY_RETRY_AFTER_SECONDS));
    expect(await refused.json()).toEqual(gatewayErrorBody('INTEGRATION_FAILURE'));
    // Another function (in the account's unreserved pool) is not affected.
    expect((await fetch(`${url}/health`)).status).toBe(200);
    slow.releaseAll();
    expect((await Promise.all(running)).map((r) => r.status)).toEqual([200, 200]);
    const again = get();
    await expect.poll(slow.entered).toBe(3);
    slow.releaseAll();
    expect((await again).status).toBe(200);
  });

  it('answers 503 with Retry-After when a function runs past its timeout, and frees its slot', async () => {
    const stuck = held();
    // A timeout of 50 ms: the function never answers, so the gateway gives up on it as Lambda would stop it.
    const url = await startWithPosts(stuck.fn, new ConcurrencyModel({ posts: { reservedConcurrency: 1, timeoutSeconds: 0.05 } }, 1000));
    const res = await fetch(`${url}/v1/items/1`, { headers: { Authorization: 'Bearer t' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SERVICE_UNAVAILABLE');
    // The first invocation still hangs, but its slot is free: the next request is invoked (and times out in turn).
    const next = fetch(`${url}/v1/items/1`, { headers: { Authorization: 'Bearer t' } });
    await expect.poll(stuck.entered).toBe(2);
    expect((await next).status).toBe(503);
    stuck.releaseAll();
  });
});
