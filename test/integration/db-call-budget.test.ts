import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, routeKey } from '@contract/routes';
import { ENV } from '@contract/environment';
import { BUDGET_SIGNING_KEY, DbCallGiven } from './db-calls/given';
import { SCENARIOS } from './db-calls/scenarios';
import { startTestApp, type TestApp } from './support/test-runtime';

/**
 * The DynamoDB calls each route may make for one request: 1 for a read (GET),
 * at most 2 for a write (a transaction is one call). The authorizer's profile
 * read is not counted: API Gateway caches its result per token (5 minutes),
 * so it is not a per-request cost, and the local gateway runs it outside the
 * route's scope. Users on a pooled key (past the key budget) add one
 * conditional write per request, their admission (README "Where today's
 * requests comes from").
 */
export function dbCallBudget(method: string): number {
  return method.toUpperCase() === 'GET' ? 1 : 2;
}

/**
 * Routes measured over their budget, each with why and the fix: held to exactly this count, so
 * they cannot grow unnoticed, and a fix fails the test until its line here goes (README
 * "Database calls per request").
 */
export const OVER_BUDGET: Record<string, { calls: number; why: string }> = {};

let app: TestApp;
const signingKeyBefore = process.env[ENV.cursorSigningKey];
beforeAll(async () => {
  // A known app-secret key, so the unsubscribe scenarios can sign a mail's token as the mail worker does.
  process.env[ENV.cursorSigningKey] = BUDGET_SIGNING_KEY;
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
  if (signingKeyBefore === undefined) delete process.env[ENV.cursorSigningKey];
  else process.env[ENV.cursorSigningKey] = signingKeyBefore;
});

describe('DynamoDB calls per request, for every route of the route table', () => {
  it.each(ROUTES.map((route) => routeKey(route.method, route.path)))('%s stays within its budget', async (key) => {
    const scenario = SCENARIOS[key];
    expect(scenario, `No budget scenario for ${key}: add one line to test/integration/db-calls/scenarios.ts`).toBeDefined();
    const given = new DbCallGiven(app, await app.signIn(), key);
    const { status } = await scenario!(given);
    expect(status, `${key}: the measured request must succeed, or its cost proves nothing`).toBeLessThan(400);
    const measured = given.measured!;
    expect(measured, `${key}: the scenario must measure its request with g.measure(...)`).toBeDefined();
    expect(measured.invocations, `${key}: exactly one invocation of the route is measured`).toHaveLength(1);
    const calls = measured.invocations[0]!.calls.map((call) => call.command);
    const over = OVER_BUDGET[key];
    if (over) {
      expect(calls.length, `${key} is known to make ${over.calls} DynamoDB calls (${over.why}); it made ${calls.length} (${calls.join(', ')})`).toBe(over.calls);
      return;
    }
    expect(calls.length, `${key} made ${calls.length} DynamoDB calls (${calls.join(', ')}); its budget is ${dbCallBudget(key.split(' ')[0]!)}`).toBeLessThanOrEqual(
      dbCallBudget(key.split(' ')[0]!),
    );
  });

  it('has no scenario for a route that does not exist (a renamed route keeps its scenario honest)', () => {
    const keys = new Set(ROUTES.map((route) => routeKey(route.method, route.path)));
    expect(Object.keys(SCENARIOS).filter((key) => !keys.has(key))).toEqual([]);
  });
});
