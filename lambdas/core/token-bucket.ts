import type { Throttle } from '../contract/tiers';

/**
 * A token bucket (rate, burst), kept as a single number: the generic cell rate
 * algorithm (GCRA). The state is the "theoretical arrival time" (TAT, epoch ms):
 * the instant at which the bucket would be full again. A request at `now` fits
 * while TAT - now ≤ (burst - 1) × interval, and pushes TAT one interval further.
 *
 * One number instead of (tokens, last refill) is what lets the DynamoDB meter
 * admit a request with one conditional update (adapters/dynamodb/request-meter.ts),
 * and the local gateway uses the same arithmetic in memory.
 */
export type BucketDecision = { allowed: true; tat: number } | { allowed: false; retryAfterMs: number };

/** Milliseconds between two requests at the steady rate. */
export function emissionIntervalMs(throttle: Throttle): number {
  return 1000 / throttle.rateLimit;
}

/** How far TAT may run ahead of now (ms) for a request still to fit: the burst beyond the first request. */
export function burstToleranceMs(throttle: Throttle): number {
  return (Math.max(1, throttle.burstLimit) - 1) * emissionIntervalMs(throttle);
}

export function takeToken(tat: number | undefined, now: number, throttle: Throttle): BucketDecision {
  const from = Math.max(tat ?? now, now);
  const ahead = from - now;
  const tolerance = burstToleranceMs(throttle);
  if (ahead > tolerance) return { allowed: false, retryAfterMs: ahead - tolerance };
  return { allowed: true, tat: from + emissionIntervalMs(throttle) };
}

/** Retry-After in whole seconds, at least 1 (the header has no fractions, and 0 would invite a busy loop). */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
