import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoUsageStore } from '@lambdas/adapters/dynamodb/usage-store';
import type { UsageStore } from '@lambdas/core/ports/usage-store';
import { MemoryUsageStore } from '../support/memory-usage-store';
import { createTestTable } from './support/test-table';

/**
 * The memory usage store of the unit tests (test/support/memory-usage-store.ts)
 * and the DynamoDB adapter, through one scenario of the conditional increment
 * and the refund the AI quota relies on.
 */
const implementations: [string, () => Promise<UsageStore>][] = [
  ['MemoryUsageStore', async () => new MemoryUsageStore()],
  ['DynamoUsageStore', async () => {
    const { db, tableName } = await createTestTable();
    return new DynamoUsageStore(db, tableName);
  }],
];

describe.each(implementations)('%s', (_, make) => {
  let usage: UsageStore;
  beforeAll(async () => {
    usage = await make();
  });

  it('counts only within the limit, refunds never below zero, and keeps counters apart', async () => {
    const day = { userId: 'ada', day: '2026-11-25', counter: 'aiGenerations' };
    expect(await usage.tryIncrement({ ...day, limit: 10, amount: 11 })).toEqual({ allowed: false, used: 0 });
    expect(await usage.tryIncrement({ ...day, limit: 10, amount: 8 })).toEqual({ allowed: true, used: 8 });
    expect(await usage.tryIncrement({ ...day, limit: 10, amount: 3 })).toEqual({ allowed: false, used: 8 });
    expect(await usage.tryIncrement({ ...day, limit: 10, amount: 2 })).toEqual({ allowed: true, used: 10 });
    expect(await usage.tryIncrement({ ...day, limit: 10 })).toEqual({ allowed: false, used: 10 });

    await usage.release({ ...day, amount: 3 });
    await usage.release({ ...day, amount: 8 });
    await usage.release({ ...day, counter: 'requests' });
    expect(await usage.get('ada', '2026-11-25')).toEqual({ aiGenerations: 7 });
    expect(await usage.get('ada', '2026-11-26')).toEqual({});
    await expect(usage.tryIncrement({ ...day, counter: 'bad name', limit: 1 })).rejects.toThrow('Bad counter name');
  });
});
