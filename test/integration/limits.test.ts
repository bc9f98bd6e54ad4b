import { afterEach, describe, expect, it } from 'vitest';
import { localDynamoClient } from '../../bin/runtime/dynamodb-local';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import { DynamoUsageStore } from '@lambdas/adapters/dynamodb/usage-store';
import { gatewayErrorBody } from '@contract/gateway-responses';
import { IP_LIMITS, ipRefusalBody } from '@contract/ip-limits';
import { TIERS } from '@contract/tiers';
import { startTestApp, type ApiResponse, type TestApp } from './support/test-runtime';

/** A clock the test moves by hand: the local limits read it, so nothing here depends on real time. */
function manualClock(iso: string) {
  let now = new Date(iso).getTime();
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms), set: (at: string) => void (now = new Date(at).getTime()) };
}

let app: TestApp | undefined;
afterEach(() => app?.stop());

function usageStore(runtime: TestApp) {
  return new DynamoUsageStore(createDocumentClient(localDynamoClient(runtime.dynamoEndpoint)), runtime.tableName);
}

const statuses = (responses: ApiResponse[]) => responses.map((r) => r.status).sort();

describe('tier limits on the local gateway (MARK0_LIMITS on)', () => {
  it('answers a burst over the free tier with 429 THROTTLED and Retry-After, and another user is not slowed', async () => {
    const clock = manualClock('2026-11-25T10:00:00.000Z');
    app = await startTestApp({ limits: true, clock });
    const [busy, calm] = [await app.signIn(), await app.signIn()];
    // The first request provisions the API key (api-keys.test.ts covers concurrent first requests); then a quiet spell refills the bucket.
    expect((await busy.get('/v1/me')).status).toBe(200);
    clock.advance(10_000);
    const burst = await Promise.all(Array.from({ length: 25 }, () => busy.get('/v1/me')));
    const refused = burst.filter((r) => r.status === 429);
    // The clock stands still, so exactly the burst gets through.
    expect(burst.filter((r) => r.status === 200)).toHaveLength(TIERS.free.burstLimit);
    expect(refused).toHaveLength(25 - TIERS.free.burstLimit);
    for (const r of refused) {
      expect(r.body).toEqual(gatewayErrorBody('THROTTLED'));
      expect(r.headers.get('retry-after')).toBe('1');
    }
    expect((await calm.get('/v1/me')).status).toBe(200);

    // A second later the bucket has refilled by the tier's rate, and no more.
    clock.advance(1000);
    const next = [];
    for (let i = 0; i < TIERS.free.rateLimit + 1; i++) next.push(await busy.get('/v1/me'));
    expect(next.map((r) => r.status)).toEqual([...Array(TIERS.free.rateLimit).fill(200), 429]);
  });

  it('refuses requests over the daily quota with 429 DAILY_QUOTA_EXCEEDED until 00:00 UTC, then lets them through', async () => {
    const clock = manualClock('2026-11-24T12:00:00.000Z');
    app = await startTestApp({ limits: true, clock });
    const user = await app.signIn();
    await user.get('/v1/me'); // provisions the user's key, the day before
    // The day's count so far, as the usage counter keeps it: the gateway starts the key's day from it, then counts itself (as API Gateway does).
    await usageStore(app).tryIncrement({ userId: user.userId, day: '2026-11-25', counter: 'requests', limit: 1e9, amount: TIERS.free.requestsPerDay - 2 });
    clock.set('2026-11-25T23:59:30.000Z');
    expect((await user.get('/v1/me')).status).toBe(200);
    expect((await user.get('/v1/me')).status).toBe(200); // the last one of the quota
    const over = await user.get('/v1/me');
    expect(over.status).toBe(429);
    expect(over.body).toEqual(gatewayErrorBody('QUOTA_EXCEEDED'));
    expect(over.headers.get('retry-after')).toBe('30');

    clock.set('2026-11-26T00:00:00.000Z');
    const usage = await user.get('/v1/usage');
    expect(usage.status).toBe(200);
    expect(usage.body).toMatchObject({ today: { requests: 1 }, resetsAt: '2026-11-27T00:00:00.000Z' });
  });

  it('limits unauthenticated requests per IP address, not requests with a token nor CORS preflights', async () => {
    const clock = manualClock('2026-11-25T10:00:00.000Z');
    app = await startTestApp({ limits: true, clock });
    const user = await app.signIn();
    const anonymous = app.anonymous();
    const { limit, windowSeconds } = IP_LIMITS.apiUnauthenticated;
    for (let i = 0; i < limit; i++) expect((await anonymous.get(i % 2 ? '/health' : '/v1/no-such-route')).status).not.toBe(429);
    const refused = await anonymous.get('/health');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual(ipRefusalBody());
    expect(refused.headers.get('retry-after')).toBe(String(windowSeconds));
    expect((await user.get('/v1/me')).status).toBe(200);
    expect((await fetch(`${app.url}/v1/posts`, { method: 'OPTIONS' })).status).toBe(204);

    clock.advance(windowSeconds * 1000);
    expect((await anonymous.get('/health')).status).toBe(200);
  });

  it("holds users on a pooled key (past the key budget) to their own tier's limits, in the handlers", async () => {
    const clock = manualClock('2026-11-25T12:00:00.000Z');
    app = await startTestApp({ limits: true, clock, apiKeyBudget: 0 });
    const [one, two] = [await app.signIn(), await app.signIn()];
    const results = [];
    for (let i = 0; i < TIERS.free.burstLimit + 2; i++) results.push(await one.get('/v1/me'));
    expect(results.map((r) => r.status)).toEqual([...Array(TIERS.free.burstLimit).fill(200), 429, 429]);
    expect(results.at(-1)!.body).toEqual(gatewayErrorBody('THROTTLED'));
    expect(results.at(-1)!.headers.get('retry-after')).toBe('1');
    // Same shared key, own bucket.
    expect((await two.get('/v1/me')).status).toBe(200);

    await usageStore(app).tryIncrement({ userId: two.userId, day: '2026-11-25', counter: 'requests', limit: 1e9, amount: TIERS.free.requestsPerDay });
    clock.advance(60_000);
    const over = await two.get('/v1/me');
    expect(over.status).toBe(429);
    expect(over.body).toEqual(gatewayErrorBody('QUOTA_EXCEEDED'));
    expect(over.headers.get('retry-after')).toBe(String(12 * 3600 - 60));
  });
});

describe('MARK0_LIMITS=off', () => {
  it('lifts every local limit, and the runtime says so loudly at start', async () => {
    const before = process.env['MARK0_LIMITS'];
    process.env['MARK0_LIMITS'] = 'off';
    const lines: string[] = [];
    try {
      app = await startTestApp({ limits: undefined, log: (line) => lines.push(line), clock: manualClock('2026-11-25T10:00:00.000Z'), apiKeyBudget: 1 });
    } finally {
      if (before === undefined) delete process.env['MARK0_LIMITS'];
      else process.env['MARK0_LIMITS'] = before;
    }
    expect(app.limits).toBe(false);
    expect(lines.join('\n')).toMatch(/MARK0_LIMITS=off.*\n.*OFF on this machine/);
    const [dedicated, pooled] = [await app.signIn(), await app.signIn()];
    await dedicated.get('/v1/me');
    expect(statuses(await Promise.all(Array.from({ length: 30 }, () => dedicated.get('/v1/me'))))).toEqual(Array(30).fill(200));
    const pooledResults = [];
    for (let i = 0; i < 15; i++) pooledResults.push(await pooled.get('/v1/me'));
    expect(statuses(pooledResults)).toEqual(Array(15).fill(200));
    const anonymous = app.anonymous();
    const health = [];
    for (let i = 0; i < IP_LIMITS.apiUnauthenticated.limit + 5; i++) health.push(await anonymous.get('/health'));
    expect(health.every((r) => r.status === 200)).toBe(true);
    // Still counted: GET /v1/usage stays true.
    expect((await pooled.get('/v1/usage')).body.today.requests).toBe(16);
  });

  it('refuses a value it does not understand rather than guessing', async () => {
    const { localLimitsEnabled } = await import('../../bin/runtime/limits');
    expect(localLimitsEnabled({})).toBe(true);
    expect(localLimitsEnabled({ MARK0_LIMITS: 'on' })).toBe(true);
    expect(localLimitsEnabled({ MARK0_LIMITS: 'OFF' })).toBe(false);
    expect(() => localLimitsEnabled({ MARK0_LIMITS: 'no' })).toThrow(/"on" or "off"/);
  });
});
