import { describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '@lambdas/adapters/dynamodb/audit-log';
import { DynamoUsageStore } from '@lambdas/adapters/dynamodb/usage-store';

import { createTestTable } from './support/test-table';
import { usageDay } from '@lambdas/core/usage/usage-day';

describe('DynamoUsageStore', () => {
  it('lets exactly `limit` of 50 concurrent increments through', async () => {
    const { db, tableName } = await createTestTable();
    const usage = new DynamoUsageStore(db, tableName);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => usage.tryIncrement({ userId: 'u1', day: '2026-11-25', counter: 'aiGenerations', limit: 10 })),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(results.filter((r) => !r.allowed).every((r) => r.used === 10)).toBe(true);
    expect(await usage.get('u1', '2026-11-25')).toEqual({ aiGenerations: 10 });
  });

  it('keeps counters apart per user, day and name, and never counts past a zero limit', async () => {
    const { db, tableName } = await createTestTable();
    const usage = new DynamoUsageStore(db, tableName);
    await usage.tryIncrement({ userId: 'u1', day: '2026-11-25', counter: 'requests', limit: 5, amount: 2 });
    await usage.tryIncrement({ userId: 'u1', day: '2026-11-26', counter: 'requests', limit: 5 });
    await usage.tryIncrement({ userId: 'u2', day: '2026-11-25', counter: 'requests', limit: 5 });
    expect(await usage.tryIncrement({ userId: 'u1', day: '2026-11-25', counter: 'other', limit: 0 })).toEqual({ allowed: false, used: 0 });
    expect(await usage.get('u1', '2026-11-25')).toEqual({ requests: 2 });
    expect(await usage.get('u1', '2026-11-26')).toEqual({ requests: 1 });
    expect(await usage.get('u3', '2026-11-25')).toEqual({});
  });

  it('names the UTC day and the instant it resets', () => {
    expect(usageDay(new Date('2026-11-25T23:59:59.999Z'))).toEqual({ day: '2026-11-25', resetsAt: new Date('2026-11-26T00:00:00.000Z') });
    expect(usageDay(new Date('2026-12-31T10:00:00Z')).resetsAt.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('DynamoAuditLog', () => {
  it('appends events per user, lists newest first, and sets a TTL', async () => {
    const { db, tableName } = await createTestTable();
    let now = new Date('2026-11-25T10:00:00.000Z');
    const audit = new DynamoAuditLog(db, tableName, { now: () => now });
    await audit.append('u1', { type: 'user.signed_up' });
    now = new Date('2026-11-25T10:05:00.000Z');
    await audit.append('u1', { type: 'linkedin.connected', data: { memberUrn: 'urn:li:person:abc' } });
    await audit.append('u2', { type: 'user.signed_up' });
    const events = await audit.list('u1', 10);
    expect(events.map((e) => e.type)).toEqual(['linkedin.connected', 'user.signed_up']);
    expect(events[0]).toMatchObject({ at: '2026-11-25T10:05:00.000Z', data: { memberUrn: 'urn:li:person:abc' } });
  });
});
