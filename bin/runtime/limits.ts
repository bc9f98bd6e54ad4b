import { gatewayErrorBody } from '@contract/gateway-responses';
import { countsAsUnauthenticated, IP_LIMITS, IP_REFUSAL, ipRefusalBody, type IpRateLimit } from '@contract/ip-limits';
import { DEFAULT_TIER, isTierName, type Throttle } from '@contract/tiers';
import { retryAfterSeconds, takeToken } from '@lambdas/core/token-bucket';
import { usagePlanFor, usagePlanLimits } from '@contract/usage-plans';
import { USAGE_COUNTERS } from '@lambdas/core/usage/get-usage';
import type { Clock } from '@lambdas/core/ports/clock';
import { type UsageStore } from '@lambdas/core/ports/usage-store';
import type { GuardRefusal, RequestGuard } from './gateway';
import { usageDay } from '@lambdas/core/usage/usage-day';

/**
 * The local gateway's stand-ins for what sits in front of the handlers in AWS:
 * the WAF per-IP rules (ipGuard) and the usage plans of the API keys
 * (usagePlanGuard), from the same data CDK builds them from (lambdas/contract/
 * ip-limits.ts, tiers.ts, usage-plans.ts), on the injected clock.
 */

/** `MARK0_LIMITS=off` lifts the local limits (load tests, benchmarks); unset or `on` keeps them. Nothing in AWS reads it. */
export function localLimitsEnabled(env: Record<string, string | undefined> = process.env): boolean {
  const value = (env['MARK0_LIMITS'] ?? '').trim().toLowerCase();
  if (value === '' || value === 'on') return true;
  if (value === 'off') return false;
  throw new Error(`MARK0_LIMITS must be "on" or "off", got "${env['MARK0_LIMITS']}"`);
}

export const LIMITS_OFF_WARNING = [
  '',
  '  ************************************************************************',
  '  *  MARK0_LIMITS=off: tier throttles, daily quotas and per-IP limits are *',
  '  *  OFF on this machine (for load tests and benchmarks only).            *',
  '  *  AWS always enforces them; nothing deployed reads MARK0_LIMITS.       *',
  '  ************************************************************************',
  '',
].join('\n');

/**
 * WAF's rate-based rules: per address, over a trailing window. The unauthenticated
 * rule is checked first and only a request it lets through counts towards the
 * ceiling, as WAF stops at the first rule that blocks.
 */
export function ipGuard(clock: Clock): RequestGuard {
  const unauthenticated = new SlidingWindows(IP_LIMITS.apiUnauthenticated);
  const ceiling = new SlidingWindows(IP_LIMITS.apiCeiling);
  return {
    beforeAuth({ ip, method, authorization }) {
      const now = clock.now().getTime();
      if (countsAsUnauthenticated({ method, ...(authorization !== undefined ? { authorization } : {}) })) {
        const wait = unauthenticated.take(ip, now);
        if (wait !== undefined) return ipRefusal(wait);
      }
      const wait = ceiling.take(ip, now);
      return wait === undefined ? undefined : ipRefusal(wait);
    },
  };
}

/**
 * API Gateway's stage throttle: a token bucket per method (the stage's default
 * applies to each method on its own), before any authorizer runs, from the
 * value CDK deploys (STAGE_THROTTLE_DEFAULT, or `-c apiRateLimit`).
 */
export function stageThrottleGuard(clock: Clock, throttle: Throttle): RequestGuard {
  const buckets = new Map<string, number>();
  return {
    beforeAuth({ method, route }) {
      if (!route) return undefined;
      const key = `${method} ${route.path}`;
      const decision = takeToken(buckets.get(key), clock.now().getTime(), throttle);
      if (!decision.allowed) return gatewayRefusal('THROTTLED', retryAfterSeconds(decision.retryAfterMs));
      buckets.set(key, decision.tat);
      return undefined;
    },
  };
}

/**
 * API Gateway's usage plans: a token bucket per API key with its plan's rate
 * and burst, and the plan's daily quota, counted per key by the gateway itself
 * as API Gateway does (so a request costs the table nothing here). The count a
 * key starts a day with is read once, from the user's daily usage item, so a
 * restart does not hand out a fresh quota. A pooled key's plan has no quota
 * (its users' quotas are the handlers' to enforce).
 */
export function usagePlanGuard(options: { clock: Clock; usage: UsageStore; pooledThrottle: Throttle }): RequestGuard {
  const buckets = new Map<string, number>();
  const used = new Map<string, number>();
  return {
    async afterAuth({ context, usageIdentifierKey }) {
      const tier = isTierName(context['tier']) ? context['tier'] : DEFAULT_TIER;
      const plan = usagePlanFor(tier, context['apiKeyMode'] === 'pooled' ? 'pooled' : 'dedicated');
      const limits = usagePlanLimits(plan, options.pooledThrottle);
      const now = options.clock.now();
      const decision = takeToken(buckets.get(usageIdentifierKey), now.getTime(), limits.throttle);
      if (!decision.allowed) return gatewayRefusal('THROTTLED', retryAfterSeconds(decision.retryAfterMs));
      if (buckets.size > 100_000) buckets.clear();
      buckets.set(usageIdentifierKey, decision.tat);
      if (limits.requestsPerDay === undefined) return undefined;
      const { day, resetsAt } = usageDay(now);
      const key = `${usageIdentifierKey}\n${day}`;
      const count = used.get(key) ?? (await options.usage.get(context['userId'] ?? '', day))[USAGE_COUNTERS.requests] ?? 0;
      if (count >= limits.requestsPerDay) return gatewayRefusal('QUOTA_EXCEEDED', retryAfterSeconds(resetsAt.getTime() - now.getTime()));
      if (used.size > 100_000) used.clear();
      used.set(key, count + 1);
      return undefined;
    },
  };
}

function gatewayRefusal(type: 'THROTTLED' | 'QUOTA_EXCEEDED', retryAfter: number): GuardRefusal {
  return { status: 429, body: gatewayErrorBody(type), headers: { 'Retry-After': String(retryAfter) } };
}

function ipRefusal(waitMs: number): GuardRefusal {
  return { status: IP_REFUSAL.status, body: ipRefusalBody(), headers: { 'Retry-After': String(retryAfterSeconds(waitMs)) } };
}

/** Request times per address over a trailing window; refuses (with the wait) once `limit` are inside it. */
class SlidingWindows {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly rule: IpRateLimit) {}

  /** Counts a request at `now`; returns undefined if it fits, else the ms until the oldest counted one leaves the window. */
  take(key: string, now: number): number | undefined {
    const windowMs = this.rule.windowSeconds * 1000;
    const times = this.hits.get(key) ?? [];
    while (times.length > 0 && times[0]! <= now - windowMs) times.shift();
    if (times.length >= this.rule.limit) return times[0]! + windowMs - now;
    times.push(now);
    this.hits.set(key, times);
    return undefined;
  }
}
