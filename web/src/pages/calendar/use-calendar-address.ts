import { useEffect, useState } from 'react';
import { useAccount } from '../../account/account-context';
import type { CalendarView } from '../../calendar/calendar-grid';
import { dateIn, formatDate, parseDate, type CalendarDate } from '../../time/zoned-time';

/**
 * The view (week or month) and a day it shows, kept in the address bar
 * (`?view=month&date=2026-03-25`), so a reload or a shared link opens the
 * same page of the calendar. Without them: this week, today in the user's zone.
 */
export function useCalendarAddress() {
  const { timeZone, now } = useAccount();
  const [view, setView] = useState<CalendarView>(() => (new URLSearchParams(window.location.search).get('view') === 'month' ? 'month' : 'week'));
  const [anchor, setAnchor] = useState<CalendarDate>(() => parseDate(new URLSearchParams(window.location.search).get('date') ?? '') ?? dateIn(now(), timeZone));

  useEffect(() => {
    const url = new URL(window.location.href);
    url.searchParams.set('view', view);
    url.searchParams.set('date', formatDate(anchor));
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}`);
  }, [view, anchor]);

  return { view, setView, anchor, setAnchor };
}
