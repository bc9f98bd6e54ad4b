import { addDays, dateIn, formatDate, formatTime, fromWallTime, parseDate, parseTime, toIsoWithOffset, toWallTime } from './zoned-time';

/** The API's window for a schedule time (POST /v1/posts/{id}/schedule answers 400 outside it). */
export const MIN_LEAD_MS = 60_000;
export const MAX_AHEAD_DAYS = 365;

export type ScheduleChoice =
  | { ok: true; instant: Date; /** ISO-8601 with the zone's offset, as the API takes it. */ iso: string; /** Set when the wall time fell in a DST gap and was moved. */ adjusted?: string }
  | { ok: false; message: string };

/**
 * Reads what the user picked in the date and time inputs, as a wall time in
 * their time zone, and checks it against the API's window so they learn of a
 * mistake before sending.
 */
export function readScheduleChoice(dateText: string, timeText: string, timeZone: string, now: Date): ScheduleChoice {
  const date = parseDate(dateText);
  if (!date) return { ok: false, message: 'Pick a date.' };
  const time = parseTime(timeText);
  if (!time) return { ok: false, message: 'Pick a time.' };
  const instant = fromWallTime({ ...date, ...time }, timeZone);
  const wall = toWallTime(instant, timeZone);
  const adjusted =
    wall.hour !== time.hour || wall.minute !== time.minute
      ? `${formatTime(time)} does not exist on that day in ${timeZone} (the clocks go forward), so this is ${formatTime(wall)}.`
      : undefined;
  if (instant.getTime() - now.getTime() < MIN_LEAD_MS) return { ok: false, message: 'Pick a time at least a minute from now.' };
  if (instant.getTime() - now.getTime() > MAX_AHEAD_DAYS * 86_400_000) return { ok: false, message: `Pick a time within ${MAX_AHEAD_DAYS} days.` };
  return { ok: true, instant, iso: toIsoWithOffset(instant, timeZone), ...(adjusted ? { adjusted } : {}) };
}

/**
 * What the picker shows first: the next full hour at least 30 minutes away,
 * in the user's zone (or an existing schedule time, when rescheduling).
 */
export function defaultScheduleInputs(timeZone: string, now: Date, existing?: string | null): { date: string; time: string } {
  if (existing) {
    const at = new Date(existing);
    if (!Number.isNaN(at.getTime())) return inputsFor(at, timeZone);
  }
  const soon = new Date(now.getTime() + 30 * 60_000);
  const wall = toWallTime(soon, timeZone);
  const nextHour = fromWallTime({ ...wall, minute: 0 }, timeZone).getTime() + 3_600_000;
  return inputsFor(new Date(nextHour), timeZone);
}

/** The date and time inputs' values for an instant in `timeZone`. */
export function inputsFor(instant: Date, timeZone: string): { date: string; time: string } {
  return { date: formatDate(dateIn(instant, timeZone)), time: formatTime(toWallTime(instant, timeZone)) };
}

/** The <input type="date"> bounds: today and a year from now, in the user's zone. */
export function dateBounds(timeZone: string, now: Date): { min: string; max: string } {
  const today = dateIn(now, timeZone);
  return { min: formatDate(today), max: formatDate(addDays(today, MAX_AHEAD_DAYS)) };
}
