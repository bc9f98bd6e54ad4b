import * as z from 'zod/mini';
import { AccountDeletedError } from '../errors';
import { TIERS } from '../../contract/tiers';
import type { Clock } from '../ports/clock';
import { type UsageStore } from '../ports/usage-store';
import type { UserStore } from '../ports/user-store';
import type { UsageView } from '../../contract/api/account';
import { usageDay } from './usage-day';

/** Names of the daily usage counters (UsageStore), shared by whoever counts and whoever reports. */
export const USAGE_COUNTERS = {
  /** API requests served to the user (RequestMeter). */
  requests: 'requests',
  /** AI generations (issue 4's AI function). */
  aiGenerations: 'aiGenerations',
} as const;

/** GET /v1/usage takes no parameters; an unknown one is a 400 rather than silently ignored. */
export const usageQuerySchema = z.strictObject({});

export interface UsageDeps {
  users: UserStore;
  usage: UsageStore;
  clock: Clock;
}

/**
 * GET /v1/usage. The tier comes from the profile (the authorizer's copy may be
 * up to 5 minutes old after a tier change); "today" from the daily usage item,
 * which counted this very request before the handler ran.
 */
export async function getUsage(deps: UsageDeps, userId: string): Promise<UsageView> {
  const { day, resetsAt } = usageDay(deps.clock.now());
  const [profile, counters] = await Promise.all([deps.users.get(userId), deps.usage.get(userId, day)]);
  if (!profile) throw new AccountDeletedError();
  const tier = TIERS[profile.tier];
  return {
    tier: profile.tier,
    limits: {
      rateLimit: tier.rateLimit,
      burstLimit: tier.burstLimit,
      requestsPerDay: tier.requestsPerDay,
      aiGenerationsPerDay: tier.aiGenerationsPerDay,
      maxScheduledPosts: tier.maxScheduledPosts,
    },
    today: { requests: counters[USAGE_COUNTERS.requests] ?? 0, aiGenerations: counters[USAGE_COUNTERS.aiGenerations] ?? 0 },
    scheduledPosts: typeof profile.scheduledPosts === 'number' ? profile.scheduledPosts : 0,
    resetsAt: resetsAt.toISOString(),
  };
}
