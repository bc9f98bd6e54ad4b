import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeKey } from '@contract/routes';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import { keys } from '@lambdas/adapters/dynamodb/keys';
import { localDynamoClient } from '../../bin/runtime/dynamodb-local';
import { connectLinkedIn, sandboxOf } from './support/linkedin';
import { ownedData, pathFor, routeCase, routesWithCases, type Owned } from './support/route-cases';
import { startTestApp, type ApiClient, type ApiResponse, type TestApp } from './support/test-runtime';

/**
 * The isolation matrix, generated from the route table: Mallory sends every route and method
 * with Victor's ids wherever the route takes ids (path, cursor, body) and gets a refusal that
 * says nothing of Victor's data; afterwards Victor's items in the table are exactly as they
 * were (raw reads of his partition), none of his posts reached LinkedIn, and his schedule is
 * untouched. A route of the contract missing from ROUTE_CASES fails the matrix.
 */
let app: TestApp;
let victor: ApiClient;
let mallory: ApiClient;
let victim: Owned;
let attackerOwn: Owned;

beforeAll(async () => {
  app = await startTestApp();
  victor = await app.signIn('victor@example.com');
  mallory = await app.signIn('mallory@example.com');
  victim = await ownedData(victor, (user) => connectLinkedIn(app, user, { member: 'Victor Victim' }), 'victor@example.com');
  attackerOwn = await ownedData(mallory, (user) => connectLinkedIn(app, user, { member: 'Mallory Attacker' }), 'mallory@example.com');
}, 120_000);
afterAll(() => app?.stop());

async function partitionOf(userId: string): Promise<Record<string, unknown>[]> {
  const db = createDocumentClient(localDynamoClient(app.dynamoEndpoint));
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ TableName: app.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.user(userId) }, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** What of Victor's may never appear in an answer to Mallory. */
function victimTraces(): string[] {
  // Not the ids Mallory sent: a refusal may name what it was asked for.
  return [victim.userId, victim.email, 'The draft of victor', 'The scheduled post of victor', 'Victor Victim'];
}

function expectNothingOfVictor(res: ApiResponse, what: string): void {
  const text = `${JSON.stringify(res.body)} ${res.headers.get('location') ?? ''}`;
  for (const trace of victimTraces()) expect(text, `${what} answered with ${trace}`).not.toContain(trace);
}

describe('isolation matrix: every route, Victor\'s ids in Mallory\'s requests', () => {
  it('refuses every route that names Victor\'s data, answers the others with Mallory\'s own, and leaves Victor\'s items untouched', async () => {
    // Victor's own requests of the set-up are counted from the access log every 500 ms: recorded now, so his usage item cannot change after the snapshot.
    await app.settleUsage();
    const before = await partitionOf(victor.userId);
    const pendingBefore = app.publishing.scheduler.pending().filter((m) => m.userId === victor.userId);
    const sandboxBefore = sandboxOf(app).posts.length;
    // DELETE /v1/linkedin disconnects Mallory: it goes last, so her other requests are refused for Victor's ids, not for her missing connection.
    // Deleting her own account (DELETE /v1/me) comes after everything else she tries.
    const all = routesWithCases();
    const cases = all.filter(([, known]) => !known.destroysCaller).sort(([a], [b]) => Number(routeKey(a.method, a.path) === 'DELETE /v1/linkedin') - Number(routeKey(b.method, b.path) === 'DELETE /v1/linkedin'));
    const tried: string[] = [];
    for (const [route, known] of cases) {
      const what = routeKey(route.method, route.path);
      const body = known.body?.(victim);
      const res = await mallory.request(route.method, pathFor(route, victim), { redirect: 'manual', ...(body === undefined ? {} : { json: body }) });
      tried.push(`${what} → ${res.status}`);
      expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
      expectNothingOfVictor(res, what);
      if (known.ids.includes('path')) expect([403, 404], `${what}: ${JSON.stringify(res.body)}`).toContain(res.status);
      else if (known.redirects) expect(res.status, what).toBeGreaterThanOrEqual(300);
      else if (known.ids.length > 0) expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
      if (res.status >= 400) expect(res.body.error.message.length, what).toBeGreaterThan(10);
    }
    // The same requests with Mallory's own ids get past the ownership check (they may meet another rule, e.g. an image already attached): the refusals above were about whose data it is.
    for (const [route, known] of cases) {
      if (known.ids.length === 0 || known.redirects || route.path.includes('unsubscribe') || route.method === 'DELETE') continue;
      const body = known.body?.(attackerOwn);
      const res = await mallory.request(route.method, pathFor(route, attackerOwn), body === undefined ? {} : { json: body });
      expect([403, 404], `${routeKey(route.method, route.path)} with her own ids: ${JSON.stringify(res.body)}`).not.toContain(res.status);
      expect(res.status).toBeLessThan(500);
    }

    for (const [route, known] of all.filter(([, known]) => known.destroysCaller)) {
      const body = routeCase(route).body?.(victim);
      const res = await mallory.request(route.method, pathFor(route, victim), body === undefined ? {} : { json: body });
      if (known.ids.length > 0) expect(res.status, `${routeKey(route.method, route.path)}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
      tried.push(`${routeKey(route.method, route.path)} → ${res.status}`);
      expect(res.status, routeKey(route.method, route.path)).toBeLessThan(500);
      expectNothingOfVictor(res, routeKey(route.method, route.path));
      await app.publishing.step();
    }

    expect(await partitionOf(victor.userId)).toEqual(before);
    expect(app.publishing.scheduler.pending().filter((m) => m.userId === victor.userId)).toEqual(pendingBefore);
    await app.publishing.step();
    expect(sandboxOf(app).posts.slice(sandboxBefore).filter((p) => p.commentary.includes('victor'))).toEqual([]);
    expect((await victor.get(`/v1/posts/${victim.draftId}`)).body).toMatchObject({ status: 'draft', content: 'The draft of victor@example.com' });
    expect((await victor.get(`/v1/media/${victim.mediaId}`)).status).toBe(200);
    console.log(`[isolation] ${all.length} routes, Victor's ids in Mallory's requests: ${tried.join('; ')}`);
  });

  it('lists only the caller\'s own posts, whatever the filters', async () => {
    for (const query of ['', '?status=draft', '?status=scheduled', `?status=scheduled&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`, '?limit=100']) {
      const res = await mallory.get(`/v1/posts${query}`);
      expect(res.status, query).toBe(200);
      expect(res.body.items.every((p: { id: string }) => p.id !== victim.draftId && p.id !== victim.scheduledId), query).toBe(true);
      expectNothingOfVictor(res, `GET /v1/posts${query}`);
    }
  });
});
