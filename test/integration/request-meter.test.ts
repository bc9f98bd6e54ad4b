import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createUsageCounter } from '@lambdas/handlers/usage-counter';
import { lambdaContext } from '../../bin/runtime/proxy-event';
import { DynamoRequestMeter } from '@lambdas/adapters/dynamodb/request-meter';
import { DynamoRequestRecorder } from '@lambdas/adapters/dynamodb/request-recorder';
import { DynamoUsageStore } from '@lambdas/adapters/dynamodb/usage-store';
import { DynamoUserStore } from '@lambdas/adapters/dynamodb/user-store';
import { TIERS } from '@contract/tiers';
import { createTestTable } from './support/test-table';

const DAY = '2026-11-25';
const NOON = Date.parse(`${DAY}T12:00:00.000Z`);

async function setUp() {
  const { db, tableName } = await createTestTable();
  const users = new DynamoUserStore(db, tableName);
  /** Accounts whose requests are counted (the usage counter counts only accounts that exist). */
  const signUp = (...ids: string[]) =>
    Promise.all(ids.map((userId) => users.createIfAbsent({ userId, email: `${userId}@example.com`, tier: 'free', createdAt: `${DAY}T00:00:00.000Z`, timezone: null })));
  return { meter: new DynamoRequestMeter(db, tableName), recorder: new DynamoRequestRecorder(db, tableName), usage: new DynamoUsageStore(db, tableName), signUp };
}

describe('DynamoRequestMeter', () => {
  it('counts requests in the daily usage item, beside the other counters, and shows no bucket state as a counter', async () => {
    const { meter, usage } = await setUp();
    expect(await meter.count({ userId: 'u', day: DAY })).toBe(1);
    expect(await meter.count({ userId: 'u', day: DAY })).toBe(2);
    await meter.admit({ userId: 'u', day: DAY, now: NOON, limits: TIERS.free });
    await usage.tryIncrement({ userId: 'u', day: DAY, counter: 'aiGenerations', limit: 10 });
    expect(await usage.get('u', DAY)).toEqual({ requests: 3, aiGenerations: 1 });
  });

  it("admits a pooled user's burst and then one request per interval, sequentially exactly", async () => {
    const { meter } = await setUp();
    const results = [];
    for (let i = 0; i < 12; i++) results.push(await meter.admit({ userId: 'u', day: DAY, now: NOON, limits: TIERS.free }));
    expect(results.map((r) => r.allowed)).toEqual([...Array(10).fill(true), false, false]);
    expect(results[10]).toEqual({ allowed: false, limit: 'throttle', retryAfterMs: 200 });
    expect((await meter.admit({ userId: 'u', day: DAY, now: NOON + 200, limits: TIERS.free })).allowed).toBe(true);
  });

  it('never admits more than the burst, nor counts a refused request, under 30 concurrent requests', async () => {
    const { meter, usage } = await setUp();
    const results = await Promise.all(Array.from({ length: 30 }, () => meter.admit({ userId: 'u', day: DAY, now: NOON, limits: TIERS.free })));
    const admitted = results.filter((r) => r.allowed).length;
    expect(admitted).toBeGreaterThan(0);
    expect(admitted).toBeLessThanOrEqual(TIERS.free.burstLimit);
    expect((await usage.get('u', DAY))['requests']).toBe(admitted);
  });

  it('never counts past the daily quota under concurrency, and says when it resets', async () => {
    const { meter, usage } = await setUp();
    const limits = { ...TIERS.free, rateLimit: 1000, burstLimit: 1000, requestsPerDay: 5 };
    const results = await Promise.all(Array.from({ length: 20 }, () => meter.admit({ userId: 'u', day: DAY, now: NOON, limits })));
    const admitted = results.filter((r) => r.allowed).length;
    expect(admitted).toBeLessThanOrEqual(5);
    expect((await usage.get('u', DAY))['requests']).toBe(admitted);
    while ((await meter.admit({ userId: 'u', day: DAY, now: NOON, limits })).allowed);
    expect(await meter.admit({ userId: 'u', day: DAY, now: NOON, limits })).toEqual({ allowed: false, limit: 'quota', retryAfterMs: 12 * 3600 * 1000 });
    expect((await meter.admit({ userId: 'u', day: '2026-11-26', now: NOON + 86_400_000, limits })).allowed).toBe(true);
  });
});

describe('counting from the access log (DynamoRequestRecorder.record, the usage counter)', () => {
  const line = (userId: string, time: string, extra: Record<string, string> = {}) =>
    JSON.stringify({ userId, time: String(Date.parse(time)), integrationStatus: '200', apiKeyMode: 'dedicated', status: '200', ...extra });
  const delivery = (ids: string[], messages: string[]) => ({
    awslogs: {
      data: gzipSync(
        JSON.stringify({
          messageType: 'DATA_MESSAGE',
          owner: '000000000000',
          logGroup: 'access',
          logStream: 's',
          subscriptionFilters: ['usage-counter'],
          logEvents: messages.map((message, i) => ({ id: ids[i]!, timestamp: 0, message })),
        }),
      ).toString('base64'),
    },
  });

  it('adds each user their requests of each UTC day, and adds a batch delivered twice only once', async () => {
    const { recorder: meter, usage, signUp } = await setUp();
    await signUp('ada', 'bob', 'carol');
    const counter = createUsageCounter({ meter });
    const event = delivery(
      ['e1', 'e2', 'e3', 'e4', 'e5', 'e6'],
      [
        line('ada', `${DAY}T10:00:00.000Z`),
        line('ada', `${DAY}T23:59:59.999Z`),
        line('ada', '2026-11-26T00:00:00.000Z'),
        line('bob', `${DAY}T11:00:00.000Z`),
        // Not counted: a pooled user's request (its admission counted it), a request refused before any function ran, a public one.
        line('carol', `${DAY}T11:00:00.000Z`, { apiKeyMode: 'pooled' }),
        line('ada', `${DAY}T12:00:00.000Z`, { integrationStatus: '-', status: '429' }),
      ],
    );
    expect(await counter(event, lambdaContext('mark0-usage-counter'))).toMatchObject({ lines: 6, users: 3, recorded: true });
    expect(await counter(event, lambdaContext('mark0-usage-counter'))).toMatchObject({ recorded: false });
    expect(await usage.get('ada', DAY)).toEqual({ requests: 2 });
    expect(await usage.get('ada', '2026-11-26')).toEqual({ requests: 1 });
    expect(await usage.get('bob', DAY)).toEqual({ requests: 1 });
    expect(await usage.get('carol', DAY)).toEqual({});
  });

  it('records a batch of more users than one transaction holds in chunks, and a retry adds only the chunks that were missing', async () => {
    const { recorder: meter, usage, signUp } = await setUp();
    const counts = Array.from({ length: 150 }, (_, i) => ({ userId: `u${i}`, day: DAY, requests: i + 1 }));
    await signUp(...counts.map((count) => count.userId));
    // The first 98 arrive (two chunks), as if the third transaction had failed: then the whole batch again.
    expect(await meter.record('batch-x', counts.slice(0, 98))).toBe(true);
    expect(await meter.record('batch-x', counts)).toBe(true);
    expect(await meter.record('batch-x', counts)).toBe(false);
    expect(await usage.get('u0', DAY)).toEqual({ requests: 1 });
    expect(await usage.get('u98', DAY)).toEqual({ requests: 99 });
    expect(await usage.get('u149', DAY)).toEqual({ requests: 150 });
  });

  it('drops the requests of an account deleted since (its own DELETE /v1/me among them): no usage item outlives it', async () => {
    const { recorder: meter, usage, signUp } = await setUp();
    await signUp('ada');
    // 'gone' made requests, then deleted the account; a second day of ada's and gone's in the same chunk.
    const counts = [
      { userId: 'gone', day: DAY, requests: 4 },
      { userId: 'ada', day: DAY, requests: 2 },
      { userId: 'gone', day: '2026-11-26', requests: 1 },
      { userId: 'ada', day: '2026-11-26', requests: 1 },
    ];
    expect(await meter.record('batch-gone', counts)).toBe(true);
    expect(await usage.get('ada', DAY)).toEqual({ requests: 2 });
    expect(await usage.get('ada', '2026-11-26')).toEqual({ requests: 1 });
    expect(await usage.get('gone', DAY)).toEqual({});
    expect(await usage.get('gone', '2026-11-26')).toEqual({});
    // Only the deleted account's requests: nothing is written, and a redelivery finds nothing to add either.
    expect(await meter.record('batch-only-gone', [{ userId: 'gone', day: DAY, requests: 1 }])).toBe(false);
    expect(await usage.get('gone', DAY)).toEqual({});
  });
});
