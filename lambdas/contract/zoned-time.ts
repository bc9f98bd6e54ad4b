/**
 * Wall-clock time in an IANA time zone: a user plans "Tuesday 09:00 in
 * Europe/Paris", the API stores an instant. One module for the web app (the
 * picker, the calendar: web/src/time/zoned-time.ts re-exports it) and the
 * server (the posting schedule's slots, lambdas/core/queue), so both read a
 * wall time the same way. The zone's offset at an instant comes from the
 * runtime's Intl data (browsers and Node both carry it); the rest is
 * arithmetic on UTC fields. No package: the contract imports nothing.
 *
 * Daylight-saving changes are where naive arithmetic goes wrong. Two rules:
 *
 * - `fromWallTime`, for a time a person types: a wall time that does not exist
 *   (the spring-forward gap, 02:30 in Paris on the last Sunday of March) moves
 *   forward by the gap (03:30), one that happens twice (the autumn overlap)
 *   means the first: Temporal's "compatible" disambiguation, what calendar
 *   apps do with a typed time.
 * - `slotInstant`, for a posting slot that recurs every week: a slot in the gap
 *   goes out at the first valid minute after it (03:00, when the clocks
 *   resume), an overlap takes the first occurrence (issue 13). A slot is "as
 *   early as the day allows", not "the same distance after midnight".
 */

/** A date and time as read on a clock in some zone. Months are 1-12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** A calendar day, without a time. Months are 1-12. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** True for a zone this runtime knows (Europe/Paris, UTC…). */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The wall time in `timeZone` at `instant` (seconds dropped). */
export function toWallTime(instant: Date, timeZone: string): WallTime {
  const wall = new Date(instant.getTime() + offsetMinutes(instant, timeZone) * 60_000);
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), hour: wall.getUTCHours(), minute: wall.getUTCMinutes() };
}

/** Minutes `timeZone` is ahead of UTC at `instant` (Paris in summer: 120). Throws RangeError for an unknown zone. */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const seconds = Math.floor(instant.getTime() / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(seconds))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wallAsUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
  return Math.round((wallAsUtc - seconds) / 60_000);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter a zone (building one costs far more than using it); RangeError for an unknown zone. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    if (!timeZone) throw new RangeError('Unknown time zone: (empty)');
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The instant a wall time in `timeZone` stands for. Gaps move forward by the
 * gap's length; overlaps take the earlier instant (see the file comment).
 */
export function fromWallTime(wall: WallTime, timeZone: string): Date {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const DAY = 86_400_000;
  // Offsets on either side of any transition near this time (zones change at most once a day).
  const before = offsetMinutes(new Date(naive - DAY), timeZone);
  const after = offsetMinutes(new Date(naive + DAY), timeZone);
  // A reading is right when the zone really has that offset at the instant it gives; the earlier one wins.
  const readings = [before, after].map((offset) => ({ offset, at: naive - offset * 60_000 })).sort((a, b) => a.at - b.at);
  const right = readings.find(({ offset, at }) => offsetMinutes(new Date(at), timeZone) === offset);
  // In the gap neither is: read the clock with the offset in force before the change, which lands after the gap.
  return new Date(right?.at ?? naive - before * 60_000);
}

/**
 * The instant a weekly slot's wall time stands for on one day: like
 * `fromWallTime`, except that a time in a spring-forward gap is the first valid
 * minute after it (the minute the clocks jump to) rather than later by the gap.
 */
export function slotInstant(wall: WallTime, timeZone: string): Date {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const resolved = fromWallTime(wall, timeZone);
  const back = toWallTime(resolved, timeZone);
  if (Date.UTC(back.year, back.month - 1, back.day, back.hour, back.minute) === naive) return resolved;
  // In a gap: the transition is the first minute, at or before `resolved`, whose offset is the later one.
  const after = offsetMinutes(resolved, timeZone);
  let low = resolved.getTime() - 24 * 60 * 60_000;
  let high = resolved.getTime();
  while (high - low > 60_000) {
    const middle = low + Math.floor((high - low) / 120_000) * 60_000;
    if (offsetMinutes(new Date(middle), timeZone) === after) high = middle;
    else low = middle;
  }
  return new Date(high);
}

/** "2026-03-29" (what <input type="date"> reads and writes). */
export function formatDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${pad(date.month)}-${pad(date.day)}`;
}

/** "09:05" (what <input type="time"> reads and writes). */
export function formatTime(wall: Pick<WallTime, 'hour' | 'minute'>): string {
  return `${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** Reads "2026-03-29" strictly; undefined for anything else, including 2026-02-30. */
export function parseDate(text: string): CalendarDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const check = new Date(Date.UTC(date.year, date.month - 1, date.day));
  return check.getUTCMonth() === date.month - 1 && check.getUTCDate() === date.day ? date : undefined;
}

/** Reads "09:05" strictly (24-hour clock). */
export function parseTime(text: string): Pick<WallTime, 'hour' | 'minute'> | undefined {
  const match = /^(\d{2}):(\d{2})(?::\d{2})?$/.exec(text);
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return hour < 24 && minute < 60 ? { hour, minute } : undefined;
}

/** The day `days` after (or before, if negative) `date`. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/** 0 = Monday … 6 = Sunday (ISO weeks, as most of the world plans them). */
export function isoWeekday(date: CalendarDate): number {
  return (new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7;
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function sameDate(a: CalendarDate, b: CalendarDate): boolean {
  return compareDates(a, b) === 0;
}

/** The day in `timeZone` that `instant` falls on. */
export function dateIn(instant: Date, timeZone: string): CalendarDate {
  const { year, month, day } = toWallTime(instant, timeZone);
  return { year, month, day };
}

/** The instant the day starts in `timeZone` (00:00, or the first minute after a midnight gap). */
export function startOfDay(date: CalendarDate, timeZone: string): Date {
  return fromWallTime({ ...date, hour: 0, minute: 0 }, timeZone);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
