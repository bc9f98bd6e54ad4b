import { describe, expect, it } from 'vitest';
import { lambdaContext } from '../../bin/runtime/proxy-event';
import { DynamoApiKeyRegistry } from '@lambdas/adapters/dynamodb/api-key-registry';
import { DynamoAuditLog } from '@lambdas/adapters/dynamodb/audit-log';
import { DynamoUserStore } from '@lambdas/adapters/dynamodb/user-store';
import { DynamoMailSettingsReader } from '@lambdas/adapters/dynamodb/mail-settings-reader';
import { DynamoMailSuppressionList } from '@lambdas/adapters/dynamodb/mail-suppression-list';
import { LocalApiKeyProvisioner } from '@lambdas/adapters/local/local-api-keys';
import { ServiceUnavailableError } from '@lambdas/core/errors';
import { changeTier } from '@lambdas/core/keys/change-tier';
import { ensureApiKey } from '@lambdas/core/keys/ensure-api-key';
import type { TierName } from '@contract/tiers';
import type { AssignedApiKey, UsagePlanName } from '@contract/usage-plans';
import { createAuthorizer } from '@lambdas/handlers/authorizer';
import { ApiKeyLimitReachedError, type ApiKeyProvisioner } from '@lambdas/core/ports/api-key-provisioner';
import type { Clock } from '@lambdas/core/ports/clock';
import { createTestTable } from './support/test-table';

const clock: Clock = { now: () => new Date('2026-11-25T10:00:00.000Z') };
const fastSleep = () => new Promise<void>((done) => setTimeout(done, 5));

/** The local provisioner, counting calls, a little slow (as the control plane is), optionally refusing new keys. */
class CountingProvisioner implements ApiKeyProvisioner {
  readonly created: { name: string; plan: UsagePlanName }[] = [];
  readonly moved: { from: UsagePlanName; to: UsagePlanName }[] = [];
  readonly local = new LocalApiKeyProvisioner();
  accountFull = false;

  async createKey(input: { name: string; plan: UsagePlanName }): Promise<AssignedApiKey> {
    this.created.push(input);
    await new Promise((done) => setTimeout(done, 30));
    if (this.accountFull && input.name.startsWith('user-')) throw new ApiKeyLimitReachedError();
    return this.local.createKey(input);
  }

  async moveKey(key: { id: string; value: string }, from: UsagePlanName, to: UsagePlanName): Promise<void> {
    this.moved.push({ from, to });
    await this.local.moveKey(key, from, to);
  }

  deleteKey(name: string): Promise<void> {
    return this.local.deleteKey(name);
  }
}

async function setUp(options: { keyBudget?: number } = {}) {
  const { db, tableName } = await createTestTable();
  const users = new DynamoUserStore(db, tableName);
  const audit = new DynamoAuditLog(db, tableName, clock);
  const registry = new DynamoApiKeyRegistry(db, tableName);
  const provisioner = new CountingProvisioner();
  const apiKeys = { provisioner, registry, keyBudget: options.keyBudget ?? 100, sleep: fastSleep };
  const suppression = new DynamoMailSuppressionList(db, tableName);
  const authorizer = createAuthorizer({
    users,
    mailSettings: new DynamoMailSettingsReader(db, tableName),
    suppression,
    audit,
    clock,
    apiKeys,
    // Tokens are "<userId>": verification is not what these tests are about.
    verifier: { verify: async (token) => ({ userId: token, email: `${token}@example.com` }) },
  });
  const authorize = (userId: string) => authorizer({ type: 'TOKEN', authorizationToken: `Bearer ${userId}`, methodArn: 'arn:aws:execute-api:eu-west-1:1:api/dev/GET/v1/me' }, lambdaContext('authorizer'));
  const createUser = async (userId: string, tier: TierName = 'free') => {
    await users.createIfAbsent({ userId, email: `${userId}@example.com`, tier, createdAt: clock.now().toISOString(), timezone: null });
    return (await users.get(userId))!;
  };
  return { users, audit, registry, provisioner, apiKeys, authorize, createUser, suppression };
}

describe('the authorizer and API keys', () => {
  it("returns the user's key as usageIdentifierKey, and a known user's key costs no provisioning", async () => {
    const { authorize, provisioner, users } = await setUp();
    const first = await authorize('ada');
    const stored = (await users.get('ada'))!.apiKey!;
    expect(stored).toMatchObject({ plan: 'free' });
    expect(first.usageIdentifierKey).toBe(stored.value);
    expect(first.context).toEqual({ userId: 'ada', email: 'ada@example.com', tier: 'free', mailSuppressed: 'false', apiKeyMode: 'dedicated' });
    expect((await authorize('ada')).usageIdentifierKey).toBe(stored.value);
    expect(provisioner.created).toEqual([{ name: 'user-ada', plan: 'free' }]);
  });

  it("passes on whether the profile's address is suppressed, read with the profile, for a known user and a new one", async () => {
    const { authorize, suppression } = await setUp();
    expect((await authorize('ada')).context).toMatchObject({ mailSuppressed: 'false' });
    await suppression.suppress('ADA@example.com', 'bounce', clock.now());
    expect((await authorize('ada')).context).toMatchObject({ email: 'ada@example.com', mailSuppressed: 'true' });
    // A new account at an address already on the list: its sign-up passes that on too.
    await suppression.suppress('bo@example.com', 'complaint', clock.now());
    expect((await authorize('bo')).context).toMatchObject({ email: 'bo@example.com', mailSuppressed: 'true' });
  });

  it('gives a brand-new user exactly one key under 12 concurrent first requests', async () => {
    const { authorize, provisioner, registry, users } = await setUp();
    const results = await Promise.all(Array.from({ length: 12 }, () => authorize('grace')));
    expect(provisioner.created).toHaveLength(1);
    expect(new Set(results.map((r) => r.usageIdentifierKey))).toEqual(new Set([(await users.get('grace'))!.apiKey!.value]));
    expect(await registry.dedicatedCount()).toBe(1);
  });

  it('makes the others wait for the winner, and answers 503 (retryable), not 401, if it never finishes', async () => {
    const { apiKeys, registry, createUser } = await setUp();
    const profile = await createUser('stuck');
    expect(await registry.claim({ userId: 'stuck' }, 'crashed-winner', clock.now().getTime(), 60_000)).toEqual({ status: 'claimed' });
    await expect(ensureApiKey({ ...apiKeys, clock }, profile)).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(apiKeys.provisioner.created).toHaveLength(0);
  });

  it("takes over a claim whose lease expired (its holder crashed) and provisions the key once", async () => {
    const { apiKeys, registry, createUser } = await setUp();
    const profile = await createUser('phoenix');
    await registry.claim({ userId: 'phoenix' }, 'crashed-winner', clock.now().getTime() - 120_000, 30_000);
    const key = await ensureApiKey({ ...apiKeys, clock }, profile);
    expect(await registry.get({ userId: 'phoenix' })).toEqual(key);
    expect(apiKeys.provisioner.created).toHaveLength(1);
  });

  it('hands dedicated keys out within the budget, then the tier\'s shared key (created once), paying tiers first', async () => {
    // Budget 4: free users may take half (2), paying users all 4.
    const { authorize, provisioner, registry, createUser } = await setUp({ keyBudget: 4 });
    expect((await authorize('free-1')).context!['apiKeyMode']).toBe('dedicated');
    expect((await authorize('free-2')).context!['apiKeyMode']).toBe('dedicated');
    const pooled = await Promise.all(['free-3', 'free-4', 'free-5'].map((u) => authorize(u)));
    expect(pooled.map((r) => r.context!['apiKeyMode'])).toEqual(['pooled', 'pooled', 'pooled']);
    expect(new Set(pooled.map((r) => r.usageIdentifierKey)).size).toBe(1);
    expect(provisioner.created.filter((c) => c.plan === 'free-pooled')).toEqual([{ name: 'pool-free-pooled', plan: 'free-pooled' }]);

    await createUser('pro-1', 'pro');
    await createUser('pro-2', 'pro');
    await createUser('pro-3', 'pro');
    expect((await authorize('pro-1')).context!['apiKeyMode']).toBe('dedicated');
    expect((await authorize('pro-2')).context!['apiKeyMode']).toBe('dedicated');
    const third = await authorize('pro-3');
    expect(third.context).toMatchObject({ tier: 'pro', apiKeyMode: 'pooled' });
    expect(third.usageIdentifierKey).not.toBe(pooled[0]!.usageIdentifierKey); // the pro pool, not the free one
    expect(await registry.dedicatedCount()).toBe(4);
  });

  it('pools a user, and gives the slot back, when the account refuses another key (other stages use the 10,000 too)', async () => {
    const { authorize, provisioner, registry, users } = await setUp();
    provisioner.accountFull = true;
    const result = await authorize('late');
    expect(result.context!['apiKeyMode']).toBe('pooled');
    expect((await users.get('late'))!.apiKey!.plan).toBe('free-pooled');
    expect(await registry.dedicatedCount()).toBe(0);
  });

  it('counts a user once against the budget however often their provisioning is retried', async () => {
    const { registry, createUser } = await setUp();
    await createUser('retry');
    expect(await registry.reserveDedicated('retry', 10)).toBe(true);
    expect(await registry.reserveDedicated('retry', 10)).toBe(true);
    expect(await registry.dedicatedCount()).toBe(1);
    await registry.releaseDedicated('retry');
    await registry.releaseDedicated('retry');
    expect(await registry.dedicatedCount()).toBe(0);
  });
});

describe('changing a tier', () => {
  it('moves a dedicated key to the new plan, records tier.changed, and the next authorization carries the new tier', async () => {
    const { authorize, apiKeys, users, audit, provisioner } = await setUp();
    await authorize('ada');
    const key = (await users.get('ada'))!.apiKey!;
    const change = await changeTier({ ...apiKeys, clock, users, audit }, 'ada', 'pro');
    expect(change).toEqual({ userId: 'ada', from: 'free', to: 'pro', key: { action: 'moved', from: 'free', to: 'pro' } });
    expect(provisioner.local.planOf(key.id)).toBe('pro');
    expect((await users.get('ada'))!).toMatchObject({ tier: 'pro', apiKey: { ...key, plan: 'pro' } });
    expect((await audit.list('ada', 5)).filter((e) => e.type === 'tier.changed')).toEqual([
      expect.objectContaining({ type: 'tier.changed', data: { from: 'free', to: 'pro', keyPlanFrom: 'free', keyPlanTo: 'pro' } }),
    ]);
    expect((await authorize('ada')).context).toMatchObject({ tier: 'pro', apiKeyMode: 'dedicated' });
  });

  it('gives a pooled user who starts paying a dedicated key from the paying share of the budget', async () => {
    const { authorize, apiKeys, users, audit } = await setUp({ keyBudget: 2 });
    await authorize('first');
    await authorize('pooled-user');
    expect((await users.get('pooled-user'))!.apiKey!.plan).toBe('free-pooled');
    const change = await changeTier({ ...apiKeys, clock, users, audit }, 'pooled-user', 'enterprise');
    expect(change.key).toEqual({ action: 'reassigned', from: 'free-pooled', to: 'enterprise' });
  });

  it('sets the tier of a user without a key yet (their next request gets one on the new plan), and is a no-op when nothing changes', async () => {
    const { apiKeys, users, audit, createUser, authorize } = await setUp();
    await createUser('quiet');
    const deps = { ...apiKeys, clock, users, audit };
    expect((await changeTier(deps, 'quiet', 'pro')).key).toEqual({ action: 'none-yet' });
    expect((await authorize('quiet')).context).toMatchObject({ tier: 'pro', apiKeyMode: 'dedicated' });
    expect((await users.get('quiet'))!.apiKey!.plan).toBe('pro');
    expect((await changeTier(deps, 'quiet', 'pro')).key).toEqual({ action: 'unchanged', plan: 'pro' });
    expect((await audit.list('quiet', 5)).filter((e) => e.type === 'tier.changed')).toHaveLength(1);
  });

  it('refuses an unknown user with 404', async () => {
    const { apiKeys, users, audit } = await setUp();
    await expect(changeTier({ ...apiKeys, clock, users, audit }, 'nobody', 'pro')).rejects.toMatchObject({ status: 404 });
  });
});
