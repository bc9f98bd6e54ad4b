import { useEffect, useId, useMemo, useRef } from 'react';
import { useAccount } from '../../account/account-context';
import { calendarRange, groupBySlot, shiftAnchor, slotKey, type CalendarView, type Slot } from '../../calendar/calendar-grid';
import { hourLabel, rangeTitle, slotLabel, weekdayLabel } from '../../calendar/calendar-labels';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Link, PAGES } from '../../navigation/router';
import { dateIn, formatDate, sameDate } from '../../time/zoned-time';
import { CalendarCell } from './CalendarCell';
import { useCalendarAddress } from './use-calendar-address';
import { useCalendarPosts } from './use-calendar-posts';
import { useQueueSlots } from './use-queue-slots';
import { useSlotMove } from './use-slot-move';

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
/** The week view opens scrolled to the working day. */
const FIRST_VISIBLE_HOUR = 7;

/**
 * Scheduled and published posts on a week (hours) or month (days) grid, in the
 * user's time zone. A scheduled post moves to another slot — and is
 * rescheduled — by dragging it, by selecting it and using the arrow keys
 * (Enter drops, Escape cancels), or by tapping it and then "Move here"
 * (use-slot-move.ts). The view and the week or month shown live in the
 * address bar (use-calendar-address.ts).
 */
export function CalendarPage() {
  const { timeZone, now } = useAccount();
  const id = useId();
  const { view, setView, anchor, setAnchor } = useCalendarAddress();
  const range = useMemo(() => calendarRange(view, anchor, timeZone), [view, anchor, timeZone]);
  const today = dateIn(now(), timeZone);
  const { posts, load, retry, replace } = useCalendarPosts(range);
  const move = useSlotMove({ view, range, posts, onMoved: replace });
  const queueSlots = useQueueSlots(range, posts);
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const box = scroller.current;
    if (view !== 'week' || !box) return;
    const row = box.querySelectorAll('tbody tr')[FIRST_VISIBLE_HOUR] as HTMLElement | undefined;
    const head = box.querySelector('thead') as HTMLElement | null;
    if (row) box.scrollTop = row.offsetTop - (head?.offsetHeight ?? 0);
  }, [view, load.state]);

  const groups = useMemo(() => groupBySlot(posts, (post) => (post.status === 'published' ? post.publishedAt : post.scheduledAt), view, timeZone), [posts, view, timeZone]);
  const title = rangeTitle(view, range.weeks, timeZone);
  const howToMoveId = `${id}-how-to-move`;

  function changeView(next: CalendarView) {
    move.stop();
    setView(next);
  }

  function page(direction: -1 | 1 | 0) {
    move.stop();
    setAnchor(direction === 0 ? today : shiftAnchor(view, anchor, direction));
  }

  const cell = (slot: Slot) => (
    <CalendarCell
      key={slotKey(slot)}
      slot={slot}
      label={slotLabel(slot, timeZone)}
      posts={groups.get(slotKey(slot)) ?? []}
      queueSlots={queueSlots.get(slotKey(slot)) ?? []}
      view={view}
      month={anchor.month}
      today={today}
      move={move}
      howToMoveId={howToMoveId}
    />
  );

  const weekdays = range.weeks[0]!;
  return (
    <div
      className="calendar"
      onKeyDown={(event) => {
        if (event.key === 'Escape') move.cancel();
      }}
    >
      <div className="posts__header">
        <h1 className="page__title" tabIndex={-1}>
          Calendar
        </h1>
        <Link to={PAGES.write.path} className="button button--primary">
          New post
        </Link>
      </div>
      <div className="calendar__toolbar">
        <div className="segmented segmented--buttons" role="group" aria-label="View">
          {(['week', 'month'] as const).map((option) => (
            <button key={option} type="button" className="segmented__button" aria-pressed={view === option} onClick={() => changeView(option)}>
              {option === 'week' ? 'Week' : 'Month'}
            </button>
          ))}
        </div>
        <div className="calendar__paging">
          <button type="button" className="button button--quiet" onClick={() => page(-1)} aria-label={`Previous ${view}`}>
            ‹ <span className="calendar__paging-text">Previous</span>
          </button>
          <button type="button" className="button button--quiet" onClick={() => page(0)}>
            Today
          </button>
          <button type="button" className="button button--quiet" onClick={() => page(1)} aria-label={`Next ${view}`}>
            <span className="calendar__paging-text">Next</span> ›
          </button>
        </div>
      </div>
      <h2 className="calendar__title" aria-live="polite">
        {title}
      </h2>
      <p className="hint" id={howToMoveId}>
        To move a scheduled post, drag it to another {view === 'week' ? 'hour' : 'day'}; or select it, choose a {view === 'week' ? 'slot' : 'day'} with the arrow keys and press Enter (Escape cancels); or tap it, then “Move here”. Times in {timeZone}.
      </p>
      <p className="flash" role="status">
        {move.announcement}
      </p>
      {move.error !== undefined && <ErrorNotice error={move.error} />}
      {load.state === 'failed' ? (
        <ErrorNotice error={load.error}>
          <button type="button" className="button button--secondary" onClick={retry}>
            Try again
          </button>
        </ErrorNotice>
      ) : (
        <div className={`calendar__scroller calendar__scroller--${view}`} ref={scroller} aria-busy={load.state === 'loading'}>
          <table className={`calendar__grid calendar__grid--${view}`}>
            <caption className="visually-hidden">
              {title}: scheduled and published posts
            </caption>
            <thead>
              <tr>
                {view === 'week' && (
                  <th scope="col" className="calendar__corner">
                    <span className="visually-hidden">Hour</span>
                  </th>
                )}
                {weekdays.map((day) => (
                  <th key={formatDate(day)} scope="col" className={view === 'week' && sameDate(day, today) ? 'calendar__today-head' : undefined}>
                    {view === 'month' ? (
                      weekdayLabel(day, timeZone)
                    ) : (
                      <>
                        <span className="calendar__weekday">{weekdayLabel(day, timeZone)}</span> <span className="calendar__date">{day.day}</span>
                      </>
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {view === 'week'
                ? HOURS.map((hour) => (
                    <tr key={hour}>
                      <th scope="row" className="calendar__hour">
                        {hourLabel(hour)}
                      </th>
                      {weekdays.map((date) => cell({ date, hour }))}
                    </tr>
                  ))
                : range.weeks.map((week) => <tr key={formatDate(week[0]!)}>{week.map((date) => cell({ date }))}</tr>)}
            </tbody>
          </table>
        </div>
      )}
      {load.state === 'ready' && posts.length === 0 && (
        <p className="empty calendar__empty">
          Nothing scheduled or published in this {view}. <Link to={PAGES.write.path}>Write a post</Link> and schedule it.
        </p>
      )}
    </div>
  );
}
