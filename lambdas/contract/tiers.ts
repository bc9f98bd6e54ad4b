/**
 * The tier table: the only place the numbers live. CDK turns it into API Gateway
 * usage plans (lib/constructs/tier-usage-plans.ts), the local gateway enforces it
 * with a token bucket and a daily quota (bin/runtime/limits.ts), the handlers
 * enforce it in-app for users on pooled API keys, and read it for AI quotas and
 * the scheduled-post cap. The README's tier table is held to this one by a test.
 *
 * Why these numbers (README "Tiers and limits"): a person using the web app makes
 * a few requests per page and bursts of under ten when a page loads, so free's
 * 5/s with a burst of 10 never gets in a person's way and stops a script cold;
 * 2,000 requests a day is several hours of continuous use. Paying tiers get room
 * for integrations and heavy scheduling. Every rate stays under the stage-wide
 * default throttle (lib/config.ts refuses a stage throttle below the highest tier).
 */
export const TIER_NAMES = ['free', 'pro', 'enterprise'] as const;
export type TierName = (typeof TIER_NAMES)[number];

/** A token bucket: `rateLimit` tokens per second, holding at most `burstLimit`. */
export interface Throttle {
  /** Steady request rate, per second (API Gateway usage-plan throttle rateLimit). */
  rateLimit: number;
  /** Requests allowed at once after a quiet spell (usage-plan throttle burstLimit). */
  burstLimit: number;
}

export interface TierLimits extends Throttle {
  /** API requests per UTC day (usage-plan quota). */
  requestsPerDay: number;
  /** AI generations per UTC day. */
  aiGenerationsPerDay: number;
  /** Posts that may be scheduled at the same time. */
  maxScheduledPosts: number;
}

export const TIERS: Record<TierName, TierLimits> = {
  free: { rateLimit: 5, burstLimit: 10, requestsPerDay: 2_000, aiGenerationsPerDay: 10, maxScheduledPosts: 10 },
  pro: { rateLimit: 20, burstLimit: 40, requestsPerDay: 20_000, aiGenerationsPerDay: 100, maxScheduledPosts: 200 },
  enterprise: { rateLimit: 50, burstLimit: 100, requestsPerDay: 100_000, aiGenerationsPerDay: 500, maxScheduledPosts: 2_000 },
};

export const DEFAULT_TIER: TierName = 'free';

export function isTierName(value: unknown): value is TierName {
  return typeof value === 'string' && (TIER_NAMES as readonly string[]).includes(value);
}

/** Paying customers always get an API key of their own (see usage-plans.ts, the key budget). */
export function isPayingTier(tier: TierName): boolean {
  return tier !== 'free';
}

/** The highest rate and burst of any tier: the stage-wide throttle must not be below them. */
export function highestThrottle(): Throttle {
  const all = Object.values(TIERS);
  return { rateLimit: Math.max(...all.map((t) => t.rateLimit)), burstLimit: Math.max(...all.map((t) => t.burstLimit)) };
}
