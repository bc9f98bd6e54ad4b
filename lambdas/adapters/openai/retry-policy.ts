import { parseRetryAfterMs } from '../../contract/http/retry-after';
/**
 * The OpenAI SDK retries every 429 and 5xx (with exponential backoff, or after
 * the provider's Retry-After however long), unless the response carries its
 * `x-should-retry: false`. This fetch wrapper adds that header where a retry
 * cannot help or would not fit the time budget:
 *  - 429 `insufficient_quota`: the account is out of credit; only the operator can fix it;
 *  - a Retry-After longer than `maxRetryWaitMs`: the user is better told "try again in N s".
 * 429 `rate_limit_exceeded` and 5xx keep the SDK's bounded retries.
 */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export function withRetryPolicy(maxRetryWaitMs: number, inner: Fetch = (input, init) => fetch(input, init)): Fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (response.ok || response.headers.has('x-should-retry')) return response;
    const wait = retryAfterMs(response.headers);
    const pointless = (wait !== undefined && wait > maxRetryWaitMs) || (response.status === 429 && isInsufficientQuota(await response.clone().text()));
    if (!pointless) return response;
    const headers = new Headers(response.headers);
    headers.set('x-should-retry', 'false');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

/** What the provider asked us to wait, from `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  return parseRetryAfterMs(headers?.get('retry-after'), new Date(now));
}

/** OpenAI's body for an exhausted account: `{"error": {"type": "insufficient_quota", "code": "insufficient_quota", …}}`. */
export function isInsufficientQuota(body: unknown): boolean {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return false;
    }
  }
  const error = (parsed as { error?: { code?: unknown; type?: unknown } } | null)?.error;
  return error?.code === 'insufficient_quota' || error?.type === 'insufficient_quota';
}
