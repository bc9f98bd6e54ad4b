import { useEffect, useState } from 'react';
import { useAccount } from '../../account/account-context';
import { CALENDAR_VIEWS, type CalendarView } from '../../calendar/calendar-grid';
import { dateIn, formatDate, parseDate, type CalendarDate } from '../../time/zoned-time';

/** Below this width a week of seven columns is too narrow to read: the calendar opens on the agenda. */
export const PHONE_QUERY = '(max-width: 40rem)';

/** The view to open on when the address names none: the agenda on a phone, the week elsewhere. */
export function defaultView(): CalendarView {
  return typeof window.matchMedia === 'function' && window.matchMedia(PHONE_QUERY).matches ? 'agenda' : 'week';
}

function viewFrom(search: string): CalendarView | undefined {
  const value = new URLSearchParams(search).get('view');
  return CALENDAR_VIEWS.find((view) => view === value);
}

/**
 * The view (day, week, month or agenda) and a day it shows, kept in the
 * address bar (`?view=month&date=2026-03-25`), so a reload or a shared link
 * opens the same page of the calendar. Without them: today in the user's
 * zone, in the week view, or the agenda on a phone.
 */
export function useCalendarAddress() {
  const { timeZone, now } = useAccount();
  const [view, setView] = useState<CalendarView>(() => viewFrom(window.location.search) ?? defaultView());
  const [anchor, setAnchor] = useState<CalendarDate>(() => parseDate(new URLSearchParams(window.location.search).get('date') ?? '') ?? dateIn(now(), timeZone));

  useEffect(() => {
    const url = new URL(window.location.href);
    url.searchParams.set('view', view);
    url.searchParams.set('date', formatDate(anchor));
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}`);
  }, [view, anchor]);

  return { view, setView, anchor, setAnchor };
}
