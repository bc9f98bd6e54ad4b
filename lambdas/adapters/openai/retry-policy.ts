import { parseRetryAfterMs } from '../../contract/http/retry-after';
/** The fetch the Chat Completions client calls through (tests pass one that replays a provider's failures). */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

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
