import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTierCommand } from '../../bin/tier-command';
import { localDynamoClient } from '../../bin/runtime/dynamodb-local';
import { DynamoAuditLog } from '@lambdas/adapters/dynamodb/audit-log';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';

import { startTestApp } from './support/test-runtime';
import { systemClock } from '@lambdas/adapters/system-clock';

const dataDir = mkdtempSync(join(tmpdir(), 'mark0-tier-'));
// The local runtime as `npm start` runs it (limits on, data dir with runtime.json), sharing the test DynamoDB Local.
const app = await startTestApp({ dataDir, limits: true, authorizerCacheTtlSeconds: 0 });
afterAll(async () => {
  await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function run(...argv: string[]) {
  const lines: string[] = [];
  const code = await runTierCommand(argv, { out: (line) => lines.push(line), env: {} });
  return { code, output: lines.join('\n') };
}

describe('npm run tier (against the local runtime)', () => {
  it("moves a user to another tier: profile, key, audit, and the runtime's next answers", async () => {
    const user = await app.signIn();
    expect((await user.get('/v1/usage')).body.tier).toBe('free');

    const { code, output } = await run('--user', user.userId, '--tier', 'pro', '--local', '--data-dir', dataDir);
    expect(code).toBe(0);
    expect(output).toContain(`User ${user.userId}: tier free -> pro in the local runtime`);
    expect(output).toContain('API key: moved from usage plan free to pro');
    expect(output).toContain('Audit log: tier.changed recorded.');
    expect(output).toMatch(/Takes effect within 5 minutes/);

    // This runtime caches nothing (TTL 0); with the default 300 s the change shows within 5 minutes.
    const usage = await user.get('/v1/usage');
    expect(usage.body).toMatchObject({ tier: 'pro', limits: { rateLimit: 20, requestsPerDay: 20_000 } });
    const audit = new DynamoAuditLog(createDocumentClient(localDynamoClient(app.dynamoEndpoint)), app.tableName, systemClock);
    expect((await audit.list(user.userId, 5)).find((e) => e.type === 'tier.changed')?.data).toEqual({
      from: 'free',
      to: 'pro',
      keyPlanFrom: 'free',
      keyPlanTo: 'pro',
    });

    const again = await run('--user', user.userId, '--tier', 'pro', '--local', '--endpoint', app.dynamoEndpoint, '--table', app.tableName);
    expect(again).toEqual({ code: 0, output: expect.stringContaining('already on the pro tier') });
  });

  it('explains what is missing or wrong, with exit code 1', async () => {
    expect(await run('--tier', 'pro', '--local')).toMatchObject({ code: 1, output: expect.stringContaining('--user') });
    expect(await run('--user', 'u', '--tier', 'gold', '--local')).toMatchObject({ code: 1, output: expect.stringContaining('free | pro | enterprise') });
    expect(await run('--user', 'u', '--tier', 'pro')).toMatchObject({ code: 1, output: expect.stringContaining('TableName') });
    expect(await run('--user', 'u', '--tier', 'pro', '--local', '--data-dir', join(dataDir, 'nowhere'))).toMatchObject({
      code: 1,
      output: expect.stringContaining('npm start'),
    });
    expect(await run('--user', 'nobody', '--tier', 'pro', '--local', '--data-dir', dataDir)).toMatchObject({
      code: 1,
      output: expect.stringContaining('There is no user nobody'),
    });
    expect(await run('--user', 'u', '--tier', 'pro', '--bogus')).toMatchObject({ code: 1, output: expect.stringContaining('Unknown option') });
  });
});
