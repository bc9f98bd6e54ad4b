import { attachmentWords } from '../posts/attachment-words';
import type { Post } from '../api/mark-api';
import { startOfDay, type CalendarDate } from '../time/zoned-time';
import type { CalendarView, Slot } from './calendar-grid';

/**
 * What the calendar says, in the reader's locale and the user's zone: the
 * title of the week or month on screen, slots ("Friday, March 27, 9:00 AM"),
 * hours, weekday headings and the text of a post's chip.
 */

/** "March 2026" for a month; "23 – 29 Mar 2026" for a week. */
export function rangeTitle(view: CalendarView, weeks: CalendarDate[][], timeZone: string): string {
  const first = weeks[0]![0]!;
  if (view === 'month') {
    const middle = weeks[Math.floor(weeks.length / 2)]![0]!;
    return new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone }).format(startOfDay(middle, timeZone));
  }
  const last = weeks[0]![6]!;
  const format = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone });
  return format.formatRange(startOfDay(first, timeZone), startOfDay(last, timeZone));
}

/** A slot in words: the day, and in the week view its hour. */
export function slotLabel(slot: Slot, timeZone: string): string {
  const start = startOfDay(slot.date, timeZone).toISOString();
  const day = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(new Date(start));
  return slot.hour === undefined ? day : `${day}, ${hourLabel(slot.hour)}`;
}

/** "09:00" or "9:00 AM", as the reader's locale writes an hour. */
export function hourLabel(hour: number): string {
  return new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(Date.UTC(2000, 0, 1, hour));
}

/** "Fri", the short weekday of a column. */
export function weekdayLabel(date: CalendarDate, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, { weekday: 'short', timeZone }).format(startOfDay(date, timeZone));
}

/** A post's first line, cut at 60 characters: what its chip shows. */
export function chipText(post: Pick<Post, 'content'> & Partial<Pick<Post, 'media' | 'poll'>>): string {
  const firstLine = post.content.split('\n')[0] ?? '';
  if (firstLine.trim() === '') return attachmentWords({ media: post.media ?? [], poll: post.poll ?? null });
  return firstLine.length > 60 ? `${firstLine.slice(0, 60).trim()}…` : firstLine;
}
