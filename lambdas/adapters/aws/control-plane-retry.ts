/**
 * Retries of API Gateway control-plane calls. The control plane allows a few
 * calls a second per account (CreateApiKey: 5/s, fixed), so a burst of sign-ups
 * meets TooManyRequestsException; waiting a random, growing time ("full jitter")
 * spreads the retries of concurrent authorizers instead of repeating the
 * collision. Bounded: the authorizer must answer within its timeout.
 */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const CONTROL_PLANE_RETRY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 2_000,
  sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
  random: Math.random,
};

const RETRYABLE = new Set(['TooManyRequestsException', 'ServiceUnavailableException']);

export function isRetryable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (RETRYABLE.has(error.name)) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}

/** Runs `call`, retrying throttling and 5xx with exponential backoff and full jitter. */
export async function withControlPlaneRetry<T>(call: () => Promise<T>, policy: RetryPolicy = CONTROL_PLANE_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= policy.attempts || !isRetryable(error)) throw error;
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      // A Retry-After from API Gateway is a floor, still capped by the policy.
      const hinted = Number((error as { retryAfterSeconds?: string }).retryAfterSeconds) * 1000;
      const delay = Math.min(policy.maxDelayMs, Math.max(policy.random() * ceiling, Number.isFinite(hinted) ? hinted : 0));
      await policy.sleep(delay);
    }
  }
}
