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
 * Brings today into view when the calendar opens, and again after Today, once
 * the days on screen have their posts and the queue's empty slots (both change
 * the agenda's heights): the next load that ends after the ask, told by its
 * new list of posts.
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
  // What asked for today: opening the calendar (on whatever days its address names), or Today.
  const pending = useRef<'opening' | 'today' | undefined>('opening');
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
    if (load !== 'ready' || !slotsSettled || pending.current === undefined) return;
    const slot = area.current?.querySelector<HTMLElement>(`[data-slot="${todayKey}"]`);
    // After Today, a load that ends for the days shown before it is not the one to wait for.
    if (!slot && pending.current === 'today') return;
    pending.current = undefined;
    slot?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [load, posts, slotsSettled, todayKey]);

  return {
    /** The calendar, around the grid or the agenda, whichever is drawn. */
    area,
    /** The day and week grids' own scrolling box. */
    scroller,
    /** Today was asked for: reveal it once its days are loaded. */
    revealToday: () => {
      pending.current = 'today';
    },
  };
}
