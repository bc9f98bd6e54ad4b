import { formatDate, offsetMinutes, toWallTime } from '@contract/zoned-time';
import { currentZoneName } from './zone-names';

/**
 * Wall-clock time in an IANA time zone, for the web app. The rules (wall time
 * ↔ instant, DST gaps and overlaps, calendar days) are the contract's
 * (lambdas/contract/zoned-time.ts), which the server's posting schedule uses
 * too, so a slot the calendar draws is the instant the queue publishes at.
 * Here only what the browser adds: its own zone, and the ISO text with an
 * offset the schedule API takes.
 */
export * from '@contract/zoned-time';

/** The browser's own zone (what a new user is planning in, most likely). */
export function browserTimeZone(): string {
  try {
    // By its current name (a browser says Asia/Calcutta for Asia/Kolkata): the one Mark.0 offers and saves.
    return currentZoneName(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  } catch {
    return 'UTC';
  }
}

/** "2026-03-29T03:30:00+02:00": the instant written with the zone's offset, for the schedule API. */
export function toIsoWithOffset(instant: Date, timeZone: string): string {
  const wall = toWallTime(instant, timeZone);
  const offset = offsetMinutes(instant, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${formatDate(wall)}T${pad(wall.hour)}:${pad(wall.minute)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
