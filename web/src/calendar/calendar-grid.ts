import { addDays, dateIn, formatDate, fromWallTime, isoWeekday, startOfDay, toWallTime, type CalendarDate } from '../time/zoned-time';

/**
 * The calendar's geometry, in the user's time zone: which days a day, week,
 * month or agenda view shows, the instants it asks the API for, which slot a
 * post sits in, the instant a post moved to another slot gets, and the time a
 * new post started from a slot gets. Pure, so DST edges are tested without a
 * browser.
 *
 * A slot is a day and hour in the day and week views, and a whole day in the
 * month and agenda views. Moving a post keeps what the slot does not say: the
 * minute always, and the hour too in the whole-day views.
 */
export const CALENDAR_VIEWS = ['day', 'week', 'month', 'agenda'] as const;
export type CalendarView = (typeof CALENDAR_VIEWS)[number];

/** The agenda lists this many days from its first one. */
export const AGENDA_DAYS = 7;
/** A post started from a whole day (month, agenda) is planned at this hour. */
export const DAY_SLOT_HOUR = 9;

/** Whether the view's slots are hours (day, week) rather than whole days (month, agenda). */
export function hasHourSlots(view: CalendarView): boolean {
  return view === 'day' || view === 'week';
}

export interface Slot {
  date: CalendarDate;
  /** Day and week views only: the hour of the day (0-23). */
  hour?: number;
}

export interface CalendarRange {
  view: CalendarView;
  /**
   * The days on screen in rows: seven days Monday first for a week, four to six
   * such rows for a month, the one day of a day view, the agenda's days from its first.
   */
  weeks: CalendarDate[][];
  /** Start of the first day shown, inclusive (the API's `from`). */
  from: Date;
  /** Start of the day after the last day shown, exclusive (the API's `to`). */
  to: Date;
}

export function calendarRange(view: CalendarView, anchor: CalendarDate, timeZone: string): CalendarRange {
  let first: CalendarDate;
  let dayCount: number;
  if (view === 'day' || view === 'agenda') {
    first = anchor;
    dayCount = view === 'day' ? 1 : AGENDA_DAYS;
  } else if (view === 'week') {
    first = addDays(anchor, -isoWeekday(anchor));
    dayCount = 7;
  } else {
    const firstOfMonth = { year: anchor.year, month: anchor.month, day: 1 };
    const lastOfMonth = addDays({ year: anchor.month === 12 ? anchor.year + 1 : anchor.year, month: (anchor.month % 12) + 1, day: 1 }, -1);
    first = addDays(firstOfMonth, -isoWeekday(firstOfMonth));
    const last = addDays(lastOfMonth, 6 - isoWeekday(lastOfMonth));
    dayCount = Math.round((Date.UTC(last.year, last.month - 1, last.day) - Date.UTC(first.year, first.month - 1, first.day)) / 86_400_000) + 1;
  }
  const days = Array.from({ length: dayCount }, (_, i) => addDays(first, i));
  const weeks: CalendarDate[][] = [];
  const rowLength = view === 'month' ? 7 : dayCount;
  for (let i = 0; i < days.length; i += rowLength) weeks.push(days.slice(i, i + rowLength));
  return { view, weeks, from: startOfDay(first, timeZone), to: startOfDay(addDays(first, dayCount), timeZone) };
}

/** The anchor one page earlier or later: a day, a week (the agenda's seven days), or a month (kept on the 1st). */
export function shiftAnchor(view: CalendarView, anchor: CalendarDate, direction: -1 | 1): CalendarDate {
  if (view === 'day') return addDays(anchor, direction);
  if (view === 'week' || view === 'agenda') return addDays(anchor, 7 * direction);
  const monthIndex = anchor.year * 12 + (anchor.month - 1) + direction;
  return { year: Math.floor(monthIndex / 12), month: (monthIndex % 12) + 1, day: 1 };
}

/** The slot an instant sits in, in `view`. */
export function slotOf(instant: Date, view: CalendarView, timeZone: string): Slot {
  const date = dateIn(instant, timeZone);
  return hasHourSlots(view) ? { date, hour: toWallTime(instant, timeZone).hour } : { date };
}

/**
 * The new scheduledAt of a post at `original` dropped on `slot`: the slot's
 * day (and hour, in the week view) with the post's own minute (and hour, in
 * the month view), as a wall time in `timeZone`, so 09:15 stays 09:15 across a
 * DST change.
 */
export function slotInstant(slot: Slot, original: Date, timeZone: string): Date {
  const wall = toWallTime(original, timeZone);
  return fromWallTime({ ...slot.date, hour: slot.hour ?? wall.hour, minute: wall.minute }, timeZone);
}

export type MoveKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';

/**
 * Where an arrow key takes a post being moved with the keyboard: left/right a
 * day; up/down an hour in the day and week views (across midnight into the
 * next or previous day), a week in the month view, a day in the agenda (a list).
 */
export function moveSlot(slot: Slot, view: CalendarView, key: MoveKey): Slot {
  if (key === 'ArrowLeft' || key === 'ArrowRight') return { ...slot, date: addDays(slot.date, key === 'ArrowLeft' ? -1 : 1) };
  const step = key === 'ArrowUp' ? -1 : 1;
  if (view === 'month') return { date: addDays(slot.date, 7 * step) };
  if (view === 'agenda') return { date: addDays(slot.date, step) };
  const hour = (slot.hour ?? 0) + step;
  if (hour < 0) return { date: addDays(slot.date, -1), hour: 23 };
  if (hour > 23) return { date: addDays(slot.date, 1), hour: 0 };
  return { date: slot.date, hour };
}

/** True once a slot is over (its last minute has passed): nothing can be moved there. */
export function slotHasPassed(slot: Slot, now: Date, timeZone: string): boolean {
  const end =
    slot.hour === undefined
      ? startOfDay(addDays(slot.date, 1), timeZone).getTime()
      : fromWallTime({ ...slot.date, hour: slot.hour, minute: 59 }, timeZone).getTime() + 60_000;
  return end <= now.getTime();
}

/**
 * The time a new post started from a slot is planned for: the start of its
 * hour, or DAY_SLOT_HOUR:00 on a whole day; when that is too soon to schedule
 * (the slot under way), the next five-minute mark at least five minutes ahead.
 */
export function newPostTime(slot: Slot, now: Date, timeZone: string): Date {
  const start = fromWallTime({ ...slot.date, hour: slot.hour ?? DAY_SLOT_HOUR, minute: 0 }, timeZone);
  const step = 5 * 60_000;
  const soonest = Math.ceil((now.getTime() + step) / step) * step;
  return start.getTime() >= soonest ? start : new Date(soonest);
}

/** A stable key for a slot ("2026-03-30" or "2026-03-30T09"). */
export function slotKey(slot: Slot): string {
  return slot.hour === undefined ? formatDate(slot.date) : `${formatDate(slot.date)}T${String(slot.hour).padStart(2, '0')}`;
}

/** Whether a day is on screen in this range. */
export function rangeHasDate(range: CalendarRange, date: CalendarDate): boolean {
  const key = formatDate(date);
  return range.weeks.some((week) => week.some((day) => formatDate(day) === key));
}

/** Items grouped by the slot their instant falls in; each group in time order. */
export function groupBySlot<T>(items: T[], instantOf: (item: T) => string | null, view: CalendarView, timeZone: string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  const sorted = items
    .map((item) => ({ item, at: instantOf(item) }))
    .filter((entry): entry is { item: T; at: string } => entry.at !== null)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const { item, at } of sorted) {
    const key = slotKey(slotOf(new Date(at), view, timeZone));
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}
