import { attachmentWords } from '../posts/attachment-words';
import type { Post } from '../api/mark-api';
import { startOfDay, type CalendarDate } from '../time/zoned-time';
import type { CalendarView, Slot } from './calendar-grid';

/**
 * What the calendar says, in the reader's locale and the user's zone: the
 * title of the days on screen, slots ("Friday, March 27, 9:00 AM"), hours,
 * weekday headings and the text of a post's chip.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per options and zone: a grid labels hundreds of slots, and making a formatter is the slow part. */
function formatter(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(undefined, options)));
  return format;
}

/** "March 2026" for a month; "Friday, 27 March 2026" for a day; "23 – 29 Mar 2026" for a week or the agenda's days. */
export function rangeTitle(view: CalendarView, weeks: CalendarDate[][], timeZone: string): string {
  const first = weeks[0]![0]!;
  if (view === 'month') {
    const middle = weeks[Math.floor(weeks.length / 2)]![0]!;
    return formatter({ month: 'long', year: 'numeric', timeZone }).format(startOfDay(middle, timeZone));
  }
  if (view === 'day') return formatter({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(startOfDay(first, timeZone));
  const last = weeks[0]![weeks[0]!.length - 1]!;
  const format = formatter({ day: 'numeric', month: 'short', year: 'numeric', timeZone });
  return format.formatRange(startOfDay(first, timeZone), startOfDay(last, timeZone));
}

/** A slot in words: the day, and in the day and week views its hour. */
export function slotLabel(slot: Slot, timeZone: string): string {
  const day = dayLabel(slot.date, timeZone);
  return slot.hour === undefined ? day : `${day}, ${hourLabel(slot.hour)}`;
}

/**
 * The exact time a post dropped on a slot gets, in words: the slot's day and
 * the time of `at` in the user's zone ("Saturday, March 28, 10:15 AM"), so a
 * move announces the minute that will be saved, not the slot's start.
 */
export function slotTimeLabel(slot: Slot, at: Date, timeZone: string): string {
  return `${dayLabel(slot.date, timeZone)}, ${formatter({ hour: 'numeric', minute: '2-digit', timeZone }).format(at)}`;
}

/** "09:00" or "9:00 AM", as the reader's locale writes an hour. */
export function hourLabel(hour: number): string {
  return formatter({ hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(Date.UTC(2000, 0, 1, hour));
}

/** "Friday, March 27": a day of the agenda. */
export function dayLabel(date: CalendarDate, timeZone: string): string {
  return formatter({ weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(startOfDay(date, timeZone));
}

/** "Fri", the short weekday of a column. */
export function weekdayLabel(date: CalendarDate, timeZone: string): string {
  return formatter({ weekday: 'short', timeZone }).format(startOfDay(date, timeZone));
}

/** A post's first line, cut at 60 characters: what its chip shows. */
export function chipText(post: Pick<Post, 'content'> & Partial<Pick<Post, 'media' | 'poll'>>): string {
  const firstLine = post.content.split('\n')[0] ?? '';
  if (firstLine.trim() === '') return attachmentWords({ media: post.media ?? [], poll: post.poll ?? null });
  return firstLine.length > 60 ? `${firstLine.slice(0, 60).trim()}…` : firstLine;
}
