import { describe, expect, it } from 'vitest';
import { DynamoRequestMeter } from '@lambdas/adapters/dynamodb/request-meter';
import { DynamoUsageStore } from '@lambdas/adapters/dynamodb/usage-store';
import { TIERS } from '@contract/tiers';
import { createTestTable } from './support/test-table';

const DAY = '2026-11-25';
const NOON = Date.parse(`${DAY}T12:00:00.000Z`);

async function setUp() {
  const { db, tableName } = await createTestTable();
  return { meter: new DynamoRequestMeter(db, tableName), usage: new DynamoUsageStore(db, tableName) };
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
