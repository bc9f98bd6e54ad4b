import { useEffect, useRef } from 'react';
import { hasHourSlots, slotKey, type CalendarView } from '../../calendar/calendar-grid';
import type { Post } from '../../api/mark-api';
import type { CalendarDate } from '../../time/zoned-time';
import type { CalendarLoad } from './use-calendar-posts';

/** The day and week views open scrolled to the working day. */
export const FIRST_VISIBLE_HOUR = 7;

interface RevealTodayOptions {
  view: CalendarView;
  today: CalendarDate;
  load: CalendarLoad['state'];
  posts: readonly Post[];
  /** The posting schedule has answered (or failed): the queue's empty slots drawn are all there will be. */
  slotsSettled: boolean;
}

/**
 * Brings today into view when the calendar opens, and again after Today or a
 * change of view (month ↔ agenda, week…), once the days on screen have their
 * posts and the queue's empty slots (both change the agenda's heights): the
 * first load that ends after the ask, told by its new list of posts (a load
 * for the days shown before is dropped, never drawn). If today is not among
 * the days that load shows, nothing moves.
 *
 * The day and week grids scroll in their own box: it is scrolled to the
 * working day (07:00) when the view changes or a load starts or ends, as before. Today
 * itself — its day in the month grid or the agenda, its 07:00 in the day and
 * week grids — is found by its slot in whichever layout is drawn (`area`
 * holds either), and scrolled into view in every box that scrolls around it:
 * on a phone the agenda and the month grid do not scroll, the page does, and
 * a grid wider than the screen scrolls sideways in its box. Setting the one
 * box's scrollTop (all a laptop's week needs) reveals nothing there.
 */
export function useRevealToday({ view, today, load, posts, slotsSettled }: RevealTodayOptions) {
  const area = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  // Today was asked for (opening the calendar, Today, another view) while these posts were on screen: the next list serves it.
  const askedOver = useRef<readonly Post[] | undefined>(posts);
  const todayKey = slotKey(hasHourSlots(view) ? { date: today, hour: FIRST_VISIBLE_HOUR } : { date: today });

  useEffect(() => {
    const box = scroller.current;
    if (!hasHourSlots(view) || !box) return;
    const row = box.querySelectorAll('tbody tr')[FIRST_VISIBLE_HOUR] as HTMLElement | undefined;
    const head = box.querySelector('thead') as HTMLElement | null;
    if (row) box.scrollTop = row.offsetTop - (head?.offsetHeight ?? 0);
  }, [view, load]);

  // Each load gives a new list of posts, even when "loading" and "ready" come too fast to be drawn apart.
  useEffect(() => {
    if (load !== 'ready' || !slotsSettled || askedOver.current === undefined || askedOver.current === posts) return;
    askedOver.current = undefined;
    area.current?.querySelector<HTMLElement>(`[data-slot="${todayKey}"]`)?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [load, posts, slotsSettled, todayKey]);

  return {
    /** The calendar, around the grid or the agenda, whichever is drawn. */
    area,
    /** The day and week grids' own scrolling box. */
    scroller,
    /** Today was asked for (Today, another view): reveal it once the days about to be shown are loaded. */
    revealToday: () => {
      askedOver.current = posts;
    },
  };
}
