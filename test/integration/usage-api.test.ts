import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoClient } from '../../bin/runtime/dynamodb-local';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import { DynamoUsageStore } from '@lambdas/adapters/dynamodb/usage-store';
import { TIERS } from '@contract/tiers';
import { startTestApp, type TestApp } from './support/test-runtime';

let app: TestApp;
let now = new Date('2026-11-25T18:30:00.000Z');
beforeAll(async () => {
  app = await startTestApp({ clock: { now: () => now } });
});
afterAll(() => app?.stop());

describe('GET /v1/usage', () => {
  it("reports a new user's tier, limits and today (this request included), resetting at 00:00 UTC", async () => {
    const user = await app.signIn();
    const res = await user.get('/v1/usage');
    expect(res.status).toBe(200);
    const { rateLimit, burstLimit, requestsPerDay, aiGenerationsPerDay, maxScheduledPosts } = TIERS.free;
    expect(res.body).toEqual({
      tier: 'free',
      limits: { rateLimit, burstLimit, requestsPerDay, aiGenerationsPerDay, maxScheduledPosts },
      today: { requests: 1, aiGenerations: 0 },
      scheduledPosts: 0,
      resetsAt: '2026-11-26T00:00:00.000Z',
    });
  });

  it("counts every request of the user's day, reads AI generations and the scheduled-post count, and starts again the next day", async () => {
    const user = await app.signIn();
    await user.get('/v1/me');
    await user.get('/v1/posts');
    await user.post('/v1/posts', { content: 'counted' });
    // Counted from the access log a moment after each answer: deliver what it holds now rather than wait.
    await app.settleUsage();
    const db = createDocumentClient(localDynamoClient(app.dynamoEndpoint));
    await new DynamoUsageStore(db, app.tableName).tryIncrement({ userId: user.userId, day: '2026-11-25', counter: 'aiGenerations', limit: 10, amount: 3 });
    await db.send(
      new UpdateCommand({ TableName: app.tableName, Key: { PK: `USER#${user.userId}`, SK: 'PROFILE' }, UpdateExpression: 'SET scheduledPosts = :n', ExpressionAttributeValues: { ':n': 4 } }),
    );
    expect((await user.get('/v1/usage')).body).toMatchObject({ today: { requests: 4, aiGenerations: 3 }, scheduledPosts: 4 });

    now = new Date('2026-11-26T00:00:01.000Z');
    expect((await user.get('/v1/usage')).body).toMatchObject({ today: { requests: 1, aiGenerations: 0 }, resetsAt: '2026-11-27T00:00:00.000Z' });
  });

  it('refuses parameters it does not take with 400, and strangers with 401', async () => {
    const user = await app.signIn();
    const res = await user.get('/v1/usage?day=yesterday');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'day', message: 'unknown field "day"' }]);
    expect((await app.anonymous().get('/v1/usage')).status).toBe(401);
  });
});
