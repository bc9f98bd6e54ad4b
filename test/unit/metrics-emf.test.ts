import { describe, expect, it, vi } from 'vitest';
import type { Context } from 'aws-lambda';
import { BUSINESS_EVENTS, METRIC_NAMESPACE, METRICS } from '@contract/metric-names';
import { apiEvent } from '../support/lambda-events';
import { metricsOf, useEmfCapture } from '../support/emf';
import { LocalApiKeyProvisioner } from '@lambdas/adapters/local/local-api-keys';
import { MemoryApiKeyRegistry, MemoryAuditLog, MemoryUserStore, memoryMailSettings } from '../support/memory-stores';

/**
 * What reaches CloudWatch: the Embedded Metric Format lines the handlers print.
 * Each test checks names (from metric-names.ts, which the alarms use too),
 * units, the namespace and the one `service` dimension the alarms expect.
 */
const context = { functionName: 'test', awsRequestId: 'r', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const capture = useEmfCapture();

const emitted = () => metricsOf(capture().lines());
/** The modules as freshly imported with metrics on (errors too: `instanceof` needs the same class instances). */
async function load() {
  const [{ httpApi }, errors] = await Promise.all([import('@lambdas/handlers/http/http-api'), import('@lambdas/core/errors')]);
  return { httpApi, errors };
}
const DIMENSIONS = [['service']];
/** These routes are no public routes, so httpApi wants metering; their requests carry no user, so it counts nothing. */
const unmetered = { meter: { count: async () => 0, admit: async () => ({ allowed: true as const, requests: 0 }) }, clock: { now: () => new Date('2026-11-25T12:00:00Z') } };

describe('EMF metrics from the HTTP handlers', () => {
  it('sends no metric of its own for a plain request, and no warning about having none (API Gateway counts requests, errors and latency for free)', async () => {
    const { httpApi } = await load();
    const warned: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      warned.push(String(chunk));
      return true;
    });
    try {
      const api = httpApi({ 'GET /v1/ok': async () => ({ status: 200, body: {} }) }, unmetered);
      expect((await api(apiEvent({ method: 'GET', resource: '/v1/ok' }), context)).statusCode).toBe(200);
    } finally {
      stderr.mockRestore();
    }
    expect(capture().lines()).toEqual([]);
    expect(warned.join('')).not.toContain('No application metrics');
  });

  it('wants metering for any route but the public ones (PUBLIC_ROUTE_KEYS)', async () => {
    const { httpApi } = await load();
    const ok = async () => ({ status: 200, body: {} });
    expect(() => httpApi({ 'GET /v1/queue': ok })).toThrow(/must meter/);
    expect(() => httpApi({ 'GET /health': ok, 'GET /v1/linkedin/callback': ok })).not.toThrow();
  });

  it('answers a crash with a 500 and prints no metric for it (API Gateway\'s 5XXError and the function\'s error log count it)', async () => {
    const { httpApi } = await load();
    const api = httpApi({
      'GET /v1/crash': async () => {
        throw new Error('boom');
      },
    }, unmetered);
    const res = await api(apiEvent({ method: 'GET', resource: '/v1/crash' }), context);
    expect(res.statusCode).toBe(500);
    expect(emitted()).toEqual({});
  });

  it('counts a request refused by a pooled key\'s daily quota as a QuotaHit', async () => {
    const { httpApi } = await load();
    const meter = {
      count: async () => 1,
      admit: async () => ({ allowed: false as const, limit: 'quota' as const, retryAfterMs: 0 }),
    };
    const api = httpApi({ 'GET /v1/me': async () => ({ status: 200, body: {} }) }, { meter, clock: { now: () => new Date('2026-11-25T12:00:00Z') } });
    const event = apiEvent({ method: 'GET', resource: '/v1/me', userId: 'u1' });
    event.requestContext.authorizer = { ...event.requestContext.authorizer, tier: 'free', apiKeyMode: 'pooled' };
    const res = await api(event, context);
    expect(res.statusCode).toBe(429);
    expect(res.headers?.['Retry-After']).toBe(String(12 * 3600));
    expect(emitted()).toEqual({ [METRICS.quotaHits]: { unit: 'Count', value: 1, namespace: METRIC_NAMESPACE, dimensions: DIMENSIONS } });
  });
});

describe('EMF metrics from the authorizer', () => {
  const day1 = new Date('2026-11-25T09:00:00Z');
  const authTime = Math.floor(day1.getTime() / 1000) - 60;
  async function authorizerFor(now: () => Date) {
    const { createAuthorizer } = await import('@lambdas/handlers/authorizer');
    const users = new MemoryUserStore();
    const audit = new MemoryAuditLog();
    const verifier = {
      verify: async (token: string) => ({ userId: 'u1', email: 'u1@example.com', authTime: new Date(Number(token.split('.')[1]) * 1000).toISOString() }),
    };
    const clock = { now };
    const apiKeys = { provisioner: new LocalApiKeyProvisioner(), registry: new MemoryApiKeyRegistry(users), keyBudget: 100 };
    // The same (freshly imported) logger instance the authorizer writes to.
    const { logger } = await import('@lambdas/handlers/powertools');
    const info = vi.spyOn(logger, 'info');
    const business: string[] = Object.values(BUSINESS_EVENTS);
    const events = () => info.mock.calls.map(([message]) => String(message)).filter((message) => business.includes(message));
    return { users, audit, events, clearEvents: () => info.mockClear(), authorize: createAuthorizer({ users, mailSettings: memoryMailSettings(users, () => false), suppression: { isSuppressed: async () => false }, audit, clock, verifier, apiKeys }) };
  }
  const event = (authSeconds: number) => ({ type: 'TOKEN' as const, authorizationToken: `Bearer a.${authSeconds}.c`, methodArn: 'arn:aws:execute-api:r:1:api/dev/GET/v1/me' });

  it('logs the sign-up, the sign-in and the first request of the day for a new user (the dashboard counts those lines), emits only the key assignment, and audits the sign-up and the sign-in', async () => {
    const { authorize, audit, events } = await authorizerFor(() => day1);
    await authorize(event(authTime), context);
    expect(capture().lines()).toHaveLength(1);
    expect(emitted()).toEqual({ [METRICS.apiKeysDedicated]: { unit: 'Count', value: 1, namespace: METRIC_NAMESPACE, dimensions: DIMENSIONS } });
    expect(events()).toEqual([BUSINESS_EVENTS.signedUp, BUSINESS_EVENTS.activeToday, BUSINESS_EVENTS.signedIn]);
    expect(audit.events.map((e) => e.event.type)).toEqual(['user.signed_up', 'user.signed_in']);
  });

  it('counts a user once per UTC day, and a sign-in once per auth_time (a refreshed token is not a sign-in)', async () => {
    let now = day1;
    const { authorize, audit, events, clearEvents } = await authorizerFor(() => now);
    await authorize(event(authTime), context);
    clearEvents();

    now = new Date('2026-11-25T23:59:00Z');
    await authorize(event(authTime), context); // same day, token refreshed: same auth_time
    expect(events()).toEqual([]);

    now = new Date('2026-11-26T00:01:00Z');
    await authorize(event(authTime), context);
    expect(events()).toEqual([BUSINESS_EVENTS.activeToday]);
    clearEvents();

    await authorize(event(authTime + 86_400), context); // signed in again
    expect(events()).toEqual([BUSINESS_EVENTS.signedIn]);
    expect(audit.events.map((e) => e.event.type)).toEqual(['user.signed_up', 'user.signed_in', 'user.signed_in']);
  });

  it('still authorizes when recording activity fails', async () => {
    const { authorize, users } = await authorizerFor(() => day1);
    users.markActiveOn = async () => {
      throw new Error('table throttled');
    };
    const result = await authorize(event(authTime), context);
    expect(result.principalId).toBe('u1');
  });
});
