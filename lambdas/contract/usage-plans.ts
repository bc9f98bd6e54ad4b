import { isPayingTier, TIER_NAMES, TIERS, type Throttle, type TierName } from './tiers';

/**
 * API Gateway usage plans, derived from the tier table, and the policy that
 * decides which plan (and which API key) a user meters with.
 *
 * Every tier has two plans:
 *  - `<tier>` for *dedicated* keys, one per user: the plan's throttle and daily
 *    quota are the tier's, and API Gateway enforces them per user before any
 *    Lambda runs (usage-plan limits apply per API key);
 *  - `<tier>-pooled` for one *shared* key per tier, used once the key budget
 *    below is spent. API Gateway cannot tell the users of a shared key apart, so
 *    that plan only caps the pool as a whole (at the stage throttle) and the
 *    handlers enforce each user's tier limits themselves (RequestMeter.admit).
 */
export type KeyMode = 'dedicated' | 'pooled';
export type UsagePlanName = TierName | `${TierName}-pooled`;

export const USAGE_PLAN_NAMES: readonly UsagePlanName[] = TIER_NAMES.flatMap((tier) => [tier, `${tier}-pooled` as const]);

export function usagePlanFor(tier: TierName, mode: KeyMode): UsagePlanName {
  return mode === 'dedicated' ? tier : `${tier}-pooled`;
}

export function isUsagePlanName(value: unknown): value is UsagePlanName {
  return typeof value === 'string' && (USAGE_PLAN_NAMES as readonly string[]).includes(value);
}

export function keyModeOf(plan: UsagePlanName): KeyMode {
  return plan.endsWith('-pooled') ? 'pooled' : 'dedicated';
}

export function tierOf(plan: UsagePlanName): TierName {
  return plan.replace(/-pooled$/, '') as TierName;
}

export interface UsagePlanLimits {
  throttle: Throttle;
  /** Requests per UTC day, per key; none for pooled plans (their users' quotas are enforced in-app). */
  requestsPerDay?: number;
}

/** What API Gateway (and the local gateway) enforces per key of `plan`. */
export function usagePlanLimits(plan: UsagePlanName, pooledThrottle: Throttle): UsagePlanLimits {
  if (keyModeOf(plan) === 'pooled') return { throttle: { ...pooledThrottle } };
  const tier = TIERS[tierOf(plan)];
  return { throttle: { rateLimit: tier.rateLimit, burstLimit: tier.burstLimit }, requestsPerDay: tier.requestsPerDay };
}

/** The plan's name in AWS: `mark0-dev-free`, `mark0-dev-free-pooled`. CDK names plans so; the key adapter finds them so. */
export function usagePlanResourceName(resourcePrefix: string, plan: UsagePlanName): string {
  return `${resourcePrefix}-${plan}`;
}

/**
 * API Gateway allows 10,000 API keys per account and region, and the limit
 * cannot be raised. Dedicated keys are handed out from a budget below it (the
 * rest is headroom for other stages or apps in the same account and region);
 * free users may take only a share of the budget, so room for paying users
 * remains. Past its cap a user gets the shared key of their tier (README "API keys
 * and the 10,000-key limit").
 */
export const API_KEYS_PER_REGION = 10_000;
export const DEFAULT_API_KEY_BUDGET = 8_000;
export const FREE_DEDICATED_SHARE = 0.5;

/** How many dedicated keys may exist (this stage) when a user of `tier` asks for one. */
export function dedicatedKeyCap(tier: TierName, budget: number): number {
  return isPayingTier(tier) ? budget : Math.floor(budget * FREE_DEDICATED_SHARE);
}

/** Logical API key names; the AWS adapter prefixes them with the stage's resource prefix. */
export const API_KEY_NAMES = {
  user: (userId: string) => `user-${userId}`,
  pool: (plan: UsagePlanName) => `pool-${plan}`,
};

/** The API key a user (or a pool) meters with. The value identifies, it does not authenticate: clients never send it. */
export interface AssignedApiKey {
  id: string;
  value: string;
  plan: UsagePlanName;
}
