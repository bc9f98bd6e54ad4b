import type { TierLimits } from '../../contract/tiers';
import type { RequestCount } from '../usage/request-tally';

export type Admission =
  | { allowed: true; requests: number }
  | { allowed: false; limit: 'throttle' | 'quota'; retryAfterMs: number };

/**
 * Counts each user's API requests per UTC day: the `requests` counter of the
 * daily usage item (the source of GET /v1/usage's "today"). Users on a pooled
 * API key are admitted one request at a time (their tier's throttle and daily
 * quota, held in the same single conditional write that counts); everyone
 * else's requests are recorded in batches from the API's access log, off the
 * request path (README "Where today's requests comes from").
 */
export interface RequestMeter {
  /** Counts one request without a limit (a pooled user while the local limits are off); returns today's count. */
  count(input: { userId: string; day: string }): Promise<number>;
  /** Counts one request if the user's throttle and daily quota allow it. */
  admit(input: { userId: string; day: string; now: number; limits: TierLimits }): Promise<Admission>;
}

/** Adds the requests counted from the access log (the usage counter). */
export interface RequestRecorder {
  /**
   * Adds a batch of counts, exactly once per `batchId`: a batch delivered again
   * (the log subscription retries) is recognised and not added twice. Returns
   * false when the batch had already been recorded (or held only accounts deleted since).
   */
  record(batchId: string, counts: readonly RequestCount[]): Promise<boolean>;
}
