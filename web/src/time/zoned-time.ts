import { tzOffset } from '@date-fns/tz/tzOffset';

/**
 * Wall-clock time in an IANA time zone: a user plans "Tuesday 09:00 in
 * Europe/Paris", the API stores an instant. The zone's offset at an instant
 * comes from @date-fns/tz's `tzOffset` (the browser's Intl data); the rest is
 * arithmetic on UTC fields. Daylight-saving changes are where naive arithmetic
 * goes wrong:
 *
 * - a wall time that does not exist (the spring-forward gap, e.g. 02:30 in
 *   Paris on the last Sunday of March) is moved forward by the gap (03:30),
 * - a wall time that happens twice (the autumn overlap) means the first one,
 *
 * which is what Temporal calls the "compatible" disambiguation, and what
 * calendar apps do. That rule stays here (`fromWallTime`): @date-fns/tz's
 * TZDate resolves overlaps through the browser's own zone, so a Paris 02:30
 * on the autumn change would depend on where the browser is (web/README.md).
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

/** True for a zone this browser knows (Europe/Paris, UTC…). */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The browser's own zone (what a new user is planning in, most likely). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The wall time in `timeZone` at `instant` (seconds dropped). */
export function toWallTime(instant: Date, timeZone: string): WallTime {
  const wall = new Date(instant.getTime() + offsetMinutes(instant, timeZone) * 60_000);
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), hour: wall.getUTCHours(), minute: wall.getUTCMinutes() };
}

/** Minutes `timeZone` is ahead of UTC at `instant` (Paris in summer: 120). Throws RangeError for an unknown zone. */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const offset = tzOffset(timeZone, instant);
  if (Number.isNaN(offset)) throw new RangeError(`Unknown time zone: ${timeZone}`);
  return Math.round(offset);
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

/** "2026-03-29T03:30:00+02:00": the instant written with the zone's offset, for the schedule API. */
export function toIsoWithOffset(instant: Date, timeZone: string): string {
  const wall = toWallTime(instant, timeZone);
  const offset = offsetMinutes(instant, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${formatDate(wall)}T${pad(wall.hour)}:${pad(wall.minute)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
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
