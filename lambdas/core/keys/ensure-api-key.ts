import { ServiceUnavailableError } from '../errors';
import { newId } from '../ids';
import type { TierName } from '../../contract/tiers';
import { API_KEY_NAMES, dedicatedKeyCap, usagePlanFor, type AssignedApiKey } from '../../contract/usage-plans';
import type { UserProfile } from '../users/user';
import type { Clock } from '../ports/clock';
import { ApiKeyLimitReachedError, type ApiKeyProvisioner } from '../ports/api-key-provisioner';
import type { ApiKeyRegistry, KeyHolder } from '../ports/api-key-registry';

export interface ApiKeyDeps {
  provisioner: ApiKeyProvisioner;
  registry: ApiKeyRegistry;
  clock: Clock;
  /** Dedicated keys this stage may hold (API_KEY_BUDGET; usage-plans.ts). */
  keyBudget: number;
  /** Waits between looks at a claim someone else holds (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A claim outlives any provisioning: the authorizer times out after 10 s, and
 * control-plane retries are bounded well inside that. Past the lease, a claim
 * whose holder crashed is taken over.
 */
export const CLAIM_LEASE_MS = 30_000;
/** Concurrent first requests wait this long, at most, for the winner's key. */
export const CLAIM_WAIT = { polls: 25, intervalMs: 200 } as const;

/**
 * The API key the user meters with. Usually already on the profile (no I/O);
 * on a user's first request it is provisioned exactly once, whatever the number
 * of concurrent first requests: one claims the profile (conditional write) and
 * provisions, the others wait briefly for its result.
 */
export async function ensureApiKey(deps: ApiKeyDeps, profile: UserProfile): Promise<AssignedApiKey> {
  if (profile.apiKey) return profile.apiKey;
  return provisionOnce(deps, { userId: profile.userId }, () => assignKey(deps, profile.userId, profile.tier));
}

/**
 * A dedicated key on the tier's plan while the key budget allows (paying tiers
 * up to the whole budget, free users up to their share), else the tier's shared
 * key, whose users' limits the handlers enforce (README "API keys").
 */
export async function assignKey(deps: ApiKeyDeps, userId: string, tier: TierName): Promise<AssignedApiKey> {
  if (await deps.registry.reserveDedicated(userId, dedicatedKeyCap(tier, deps.keyBudget))) {
    try {
      return await deps.provisioner.createKey({ name: API_KEY_NAMES.user(userId), plan: usagePlanFor(tier, 'dedicated') });
    } catch (error) {
      // Budget left, but the account is full (other stages or apps use keys too): pool instead.
      if (!(error instanceof ApiKeyLimitReachedError)) throw error;
      await deps.registry.releaseDedicated(userId);
    }
  }
  return pooledKey(deps, tier);
}

/** The tier's shared key, created (once) by the first user who needs it. */
export function pooledKey(deps: ApiKeyDeps, tier: TierName): Promise<AssignedApiKey> {
  const plan = usagePlanFor(tier, 'pooled');
  return provisionOnce(deps, { pool: plan }, () => deps.provisioner.createKey({ name: API_KEY_NAMES.pool(plan), plan }));
}

async function provisionOnce(deps: ApiKeyDeps, holder: KeyHolder, provision: () => Promise<AssignedApiKey>): Promise<AssignedApiKey> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const token = newId(deps.clock.now());
  for (let poll = 0; ; poll++) {
    const claim = await deps.registry.claim(holder, token, deps.clock.now().getTime(), CLAIM_LEASE_MS);
    if (claim.status === 'assigned') return claim.key;
    if (claim.status === 'claimed') {
      const key = await provision();
      await deps.registry.assign(holder, token, key);
      return key;
    }
    if (poll >= CLAIM_WAIT.polls) break;
    await sleep(CLAIM_WAIT.intervalMs);
  }
  // The winner is slow (control-plane throttling) or gone; its lease will expire. Not the user's fault: retryable.
  throw new ServiceUnavailableError('Your account is still being set up; try again in a few seconds.', 'SERVICE_UNAVAILABLE', 5);
}
