import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalGateway } from '../../bin/runtime/gateway';
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
    functions: { posts: echo(options.events), health: echo(options.events), account: echo(options.events), ai: echo(options.events), linkedin: echo(options.events), media: echo(options.events), export: echo(options.events) },
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

  it('refuses bodies over 1 MB before reading them whole', async () => {
    const url = await start({ ttl: 0, events: [], authorizer: async () => allow('u') });
    const res = await fetch(`${url}/health`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
    expect(res.status).toBe(413);
  });
});
