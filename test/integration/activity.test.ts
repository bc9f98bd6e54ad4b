import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoAuditLog } from '@lambdas/adapters/dynamodb/audit-log';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import { DynamoUserStore } from '@lambdas/adapters/dynamodb/user-store';
import { localDynamoClient } from '../../bin/runtime/dynamodb-local';

import { createTestTable } from './support/test-table';
import { startTestApp, type TestApp } from './support/test-runtime';
import { systemClock } from '@lambdas/adapters/system-clock';

describe('DynamoUserStore activity marks', () => {
  it('lets exactly one of 20 concurrent first requests of a day count the user, and never moves the day back', async () => {
    const { db, tableName } = await createTestTable();
    const users = new DynamoUserStore(db, tableName);
    await users.createIfAbsent({ userId: 'u1', email: 'u1@example.com', tier: 'free', createdAt: '2026-11-25T00:00:00.000Z', timezone: null });
    const results = await Promise.all(Array.from({ length: 20 }, () => users.markActiveOn('u1', '2026-11-25')));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await users.markActiveOn('u1', '2026-11-24')).toBe(false);
    expect(await users.markActiveOn('u1', '2026-11-26')).toBe(true);
    expect(await users.get('u1')).toMatchObject({ lastActiveDay: '2026-11-26' });
  });

  it('records a sign-in once per auth_time, and never for a user without a profile', async () => {
    const { db, tableName } = await createTestTable();
    const users = new DynamoUserStore(db, tableName);
    expect(await users.markSignedIn('ghost', '2026-11-25T09:00:00.000Z')).toBe(false);
    await users.createIfAbsent({ userId: 'u1', email: 'u1@example.com', tier: 'free', createdAt: '2026-11-25T00:00:00.000Z', timezone: null });
    expect(await users.markSignedIn('u1', '2026-11-25T09:00:00.000Z')).toBe(true);
    expect(await users.markSignedIn('u1', '2026-11-25T09:00:00.000Z')).toBe(false);
    expect(await users.get('ghost')).toBeUndefined();
  });
});

describe('sign-in audit through the local runtime (the same authorizer code as in AWS)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ authorizerCacheTtlSeconds: 0 });
  });
  afterAll(() => app?.stop());

  it('audits the sign-up once and each sign-in once, however many requests a token makes', async () => {
    const email = `ada-${Date.now()}@example.com`;
    const first = await app.signIn(email);
    for (let i = 0; i < 3; i++) expect((await first.get('/v1/me')).status).toBe(200);
    const audit = new DynamoAuditLog(createDocumentClient(localDynamoClient(app.dynamoEndpoint)), app.tableName, systemClock);
    expect((await audit.list(first.userId, 10)).map((e) => e.type).sort()).toEqual(['user.signed_in', 'user.signed_up']);

    await new Promise((r) => setTimeout(r, 1_100)); // auth_time has one-second resolution
    const second = await app.signIn(email);
    await second.get('/v1/me');
    const events = await audit.list(first.userId, 10);
    expect(events.filter((e) => e.type === 'user.signed_in')).toHaveLength(2);
    expect(events[0]).toMatchObject({ type: 'user.signed_in', data: { authTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) } });
  });
});
