/**
 * The tier table: the only place the numbers live. CDK turns it into API Gateway
 * usage plans, the local gateway enforces it with a token bucket and a daily
 * quota, and handlers read it for AI quotas and the scheduled-post cap.
 */
export const TIER_NAMES = ['free', 'pro', 'enterprise'] as const;
export type TierName = (typeof TIER_NAMES)[number];

export interface TierLimits {
  /** Steady request rate, per second (API Gateway usage-plan throttle rateLimit). */
  rateLimit: number;
  /** Requests allowed in a burst (usage-plan throttle burstLimit). */
  burstLimit: number;
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
