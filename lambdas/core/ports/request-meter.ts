import type { TierLimits } from '../../contract/tiers';

export type Admission =
  | { allowed: true; requests: number }
  | { allowed: false; limit: 'throttle' | 'quota'; retryAfterMs: number };

/**
 * Counts each user's API requests per UTC day: the `requests` counter of the
 * daily usage item (the source of GET /v1/usage's "today"), and, for users on a
 * pooled API key, enforces their tier's throttle and daily quota in the same
 * single conditional write.
 */
export interface RequestMeter {
  /** Counts one request (the gateway already enforced the user's limits); returns today's count. */
  count(input: { userId: string; day: string }): Promise<number>;
  /** Counts one request if the user's throttle and daily quota allow it. */
  admit(input: { userId: string; day: string; now: number; limits: TierLimits }): Promise<Admission>;
}
