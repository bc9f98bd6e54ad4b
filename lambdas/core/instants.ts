import * as z from 'zod/mini';

/**
 * ISO-8601 instants as the API accepts them: date, time (seconds and fraction
 * optional) and an explicit offset (`Z` or `±hh:mm`). A time without an offset
 * names no instant at all (09:00 where?), so it is refused rather than guessed.
 */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

export function isIsoInstant(value: string): boolean {
  const m = INSTANT.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = m.slice(1).map((part) => Number(part ?? 0)) as number[];
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  return (
    month! >= 1 && month! <= 12 && day! >= 1 && day! <= daysInMonth &&
    hour! <= 23 && minute! <= 59 && second! <= 59 && offsetHours! <= 23 && offsetMinutes! <= 59 &&
    !Number.isNaN(Date.parse(value))
  );
}

export const INSTANT_EXAMPLE = '2026-12-01T09:00:00+01:00';

/** A string field holding an ISO-8601 instant with an offset (see isIsoInstant). */
export function instantSchema() {
  return z.string({ error: 'must be a string' }).check(
    z.refine(isIsoInstant, `must be an ISO-8601 date and time with an offset, such as ${INSTANT_EXAMPLE} or 2026-12-01T08:00:00Z`),
  );
}

/** The instant in the one form stored and compared as text: UTC, milliseconds, `Z`. */
export function normalizeInstant(value: string): string {
  return new Date(value).toISOString();
}
