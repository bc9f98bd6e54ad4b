/**
 * HTTP's Retry-After (RFC 9110 §10.2.3), read once for everyone: the web app
 * (our own 429/503s), the LinkedIn adapter and the OpenAI retry policy.
 * Either delay-seconds ("120") or an HTTP-date; anything else is ignored.
 * Returns whole seconds from `now`, never negative; undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | undefined {
  const ms = parseRetryAfterMs(value, now);
  return ms === undefined ? undefined : Math.ceil(ms / 1000);
}

/** The same in milliseconds; fractional seconds ("1.5"), which some providers send, are kept. */
export function parseRetryAfterMs(value: string | null | undefined, now: Date = new Date()): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP-date names a weekday and a month ("Wed, 21 Oct 2026 07:28:00 GMT"); Date.parse alone would take "12".
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
