import { describe, expect, it } from 'vitest';
import { ConcurrencyModel } from '../../bin/runtime/capacity';
import { FUNCTION_CAPACITY, reservedConcurrencyTotal, UNRESERVED_CONCURRENCY_MINIMUM } from '@contract/function-capacity';
import { ROUTES, FUNCTION_NAMES } from '@contract/routes';
import { tallyRequests } from '@lambdas/core/usage/request-tally';

// A function out of time answering 503: test/unit/http-timeout.test.ts.

describe('Lambda concurrency, as the local gateway models it', () => {
  it('gives each function with reserved concurrency exactly that many slots, and the others what the account has left', () => {
    const model = new ConcurrencyModel({ a: { reservedConcurrency: 2, timeoutSeconds: 1 }, b: { timeoutSeconds: 1 }, c: { timeoutSeconds: 1 } }, 5);
    const a = [model.acquire('a'), model.acquire('a')];
    expect(model.acquire('a')).toBeUndefined();
    // 5 in the account, 2 reserved: b and c share 3.
    const shared = [model.acquire('b'), model.acquire('c'), model.acquire('b')];
    expect(shared.every(Boolean)).toBe(true);
    expect(model.acquire('c')).toBeUndefined();
    a[0]!();
    a[0]!(); // releasing twice frees one slot only
    expect(model.acquire('a')).toBeDefined();
    expect(model.acquire('a')).toBeUndefined();
    expect(Object.fromEntries(model.throttles)).toEqual({ a: 2, c: 1 });
  });

  it('has a capacity for every API function and the authorizer, leaving the account the 100 it must keep unreserved', () => {
    expect(Object.keys(FUNCTION_CAPACITY).sort()).toEqual([...FUNCTION_NAMES, 'authorizer'].sort());
    expect(reservedConcurrencyTotal()).toBeLessThanOrEqual(1000 - UNRESERVED_CONCURRENCY_MINIMUM);
    // Under API Gateway's 29 s, but for the export: its route streams (STREAM transfer mode), which the 29 s does not hold.
    for (const [name, { timeoutSeconds }] of Object.entries(FUNCTION_CAPACITY)) if (name !== 'export') expect(timeoutSeconds).toBeLessThan(29);
    expect(ROUTES.filter((route) => route.stream).map((route) => route.fn)).toEqual(['export']);
  });
});

describe('counting requests from access log lines', () => {
  it('counts signed-in requests that reached a function on a dedicated key, per user and UTC day, and skips what it cannot read', () => {
    const line = (fields: Record<string, string>) => JSON.stringify({ userId: 'ada', time: String(Date.parse('2026-11-25T08:00:00Z')), integrationStatus: '200', ...fields });
    expect(
      tallyRequests([
        line({}),
        line({ apiKeyMode: 'dedicated' }),
        line({ time: String(Date.parse('2026-11-24T23:59:59.999Z')) }),
        line({ userId: 'bob' }),
        line({ userId: '-' }),
        line({ integrationStatus: '-' }),
        line({ apiKeyMode: 'pooled' }),
        line({ time: 'soon' }),
        'not json',
        '[1,2]',
        'null',
      ]),
    ).toEqual([
      { userId: 'ada', day: '2026-11-25', requests: 2 },
      { userId: 'ada', day: '2026-11-24', requests: 1 },
      { userId: 'bob', day: '2026-11-25', requests: 1 },
    ]);
  });
});
