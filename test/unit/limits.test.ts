import { describe, expect, it } from 'vitest';
import { countsAsUnauthenticated, hasBearerToken, IP_LIMITS, WAF_EVALUATION_WINDOWS } from '@contract/ip-limits';
import { highestThrottle, TIER_NAMES, TIERS } from '@contract/tiers';
import { retryAfterSeconds, takeToken } from '@lambdas/core/token-bucket';
import {
  API_KEYS_PER_REGION,
  DEFAULT_API_KEY_BUDGET,
  dedicatedKeyCap,
  keyModeOf,
  tierOf,
  usagePlanFor,
  usagePlanLimits,
  USAGE_PLAN_NAMES,
} from '@contract/usage-plans';

describe('the tier table', () => {
  it('grows with each tier on every limit, and never bursts below its own rate', () => {
    for (let i = 0; i < TIER_NAMES.length; i++) {
      const tier = TIERS[TIER_NAMES[i]!];
      expect(tier.burstLimit).toBeGreaterThanOrEqual(tier.rateLimit);
      // A day of requests at the full rate would be far more than the quota: the quota is what binds over a day.
      expect(tier.requestsPerDay).toBeLessThan(tier.rateLimit * 86_400);
      if (i === 0) continue;
      const lower = TIERS[TIER_NAMES[i - 1]!];
      for (const key of Object.keys(tier) as (keyof typeof tier)[]) expect(tier[key], `${TIER_NAMES[i]}.${key}`).toBeGreaterThan(lower[key]);
    }
    expect(highestThrottle()).toEqual({ rateLimit: 50, burstLimit: 100 });
  });
});

describe('the token bucket (GCRA)', () => {
  const free = { rateLimit: 5, burstLimit: 10 };

  it('lets a full burst through at once, then one request per interval', () => {
    let tat: number | undefined;
    const at = 1_000_000;
    const results = Array.from({ length: 12 }, () => {
      const decision = takeToken(tat, at, free);
      if (decision.allowed) tat = decision.tat;
      return decision.allowed;
    });
    expect(results).toEqual([...Array(10).fill(true), false, false]);
    expect(takeToken(tat, at, free)).toEqual({ allowed: false, retryAfterMs: 200 });
    expect(takeToken(tat, at + 200, free).allowed).toBe(true);
  });

  it('refills to the full burst after a quiet spell, never beyond', () => {
    let tat = takeToken(undefined, 0, free);
    for (let i = 0; i < 9; i++) tat = takeToken((tat as { tat: number }).tat, 0, free);
    const later = 60_000;
    let allowed = 0;
    let state: number | undefined = (tat as { tat: number }).tat;
    for (let i = 0; i < 20; i++) {
      const decision = takeToken(state, later, free);
      if (!decision.allowed) break;
      state = decision.tat;
      allowed++;
    }
    expect(allowed).toBe(10);
  });

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    expect([retryAfterSeconds(1), retryAfterSeconds(200), retryAfterSeconds(1000), retryAfterSeconds(1001), retryAfterSeconds(0)]).toEqual([1, 1, 1, 2, 1]);
  });
});

describe('usage plans and the API key budget', () => {
  it('has a dedicated and a pooled plan per tier', () => {
    expect(USAGE_PLAN_NAMES).toEqual(['free', 'free-pooled', 'pro', 'pro-pooled', 'enterprise', 'enterprise-pooled']);
    for (const tier of TIER_NAMES) {
      expect(keyModeOf(usagePlanFor(tier, 'dedicated'))).toBe('dedicated');
      expect(keyModeOf(usagePlanFor(tier, 'pooled'))).toBe('pooled');
      expect(tierOf(usagePlanFor(tier, 'pooled'))).toBe(tier);
    }
  });

  it("meters a dedicated key by its tier's numbers and caps a pooled key only as a whole", () => {
    const stage = { rateLimit: 100, burstLimit: 200 };
    expect(usagePlanLimits('pro', stage)).toEqual({ throttle: { rateLimit: 20, burstLimit: 40 }, requestsPerDay: 20_000 });
    expect(usagePlanLimits('pro-pooled', stage)).toEqual({ throttle: stage });
  });

  it('keeps the budget under the account limit and gives free users half of it, paying users all of it', () => {
    expect(DEFAULT_API_KEY_BUDGET).toBeLessThan(API_KEYS_PER_REGION);
    expect(dedicatedKeyCap('free', 8_000)).toBe(4_000);
    expect(dedicatedKeyCap('pro', 8_000)).toBe(8_000);
    expect(dedicatedKeyCap('enterprise', 8_000)).toBe(8_000);
    expect(dedicatedKeyCap('free', 1)).toBe(0);
  });
});

describe('per-IP limits', () => {
  it("turns the plan's 100 per 15 minutes into WAF's longest window at the same rate", () => {
    expect(IP_LIMITS.apiUnauthenticated).toEqual({ limit: 67, windowSeconds: 600 });
    for (const rule of Object.values(IP_LIMITS)) {
      expect(WAF_EVALUATION_WINDOWS).toContain(rule.windowSeconds);
      expect(rule.limit).toBeGreaterThanOrEqual(10); // WAF's minimum
    }
    // Per second, the ceiling is well above the unauthenticated rule.
    expect(IP_LIMITS.apiCeiling.limit / IP_LIMITS.apiCeiling.windowSeconds).toBeGreaterThan(IP_LIMITS.apiUnauthenticated.limit / IP_LIMITS.apiUnauthenticated.windowSeconds);
  });

  it('counts requests without a bearer token, preflights aside, as unauthenticated', () => {
    expect(hasBearerToken('Bearer x')).toBe(true);
    expect(hasBearerToken('bearer x')).toBe(true);
    expect(hasBearerToken('Basic x')).toBe(false);
    expect(hasBearerToken(undefined)).toBe(false);
    expect(countsAsUnauthenticated({ method: 'GET' })).toBe(true);
    expect(countsAsUnauthenticated({ method: 'GET', authorization: 'Bearer a.b.c' })).toBe(false);
    expect(countsAsUnauthenticated({ method: 'options' })).toBe(false);
  });
});
