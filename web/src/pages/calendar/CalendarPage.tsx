import { useId, useMemo } from 'react';
import { useAccount } from '../../account/account-context';
import { calendarRange, CALENDAR_VIEWS, groupBySlot, hasHourSlots, shiftAnchor, type CalendarView } from '../../calendar/calendar-grid';
import { rangeTitle } from '../../calendar/calendar-labels';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Link, PAGES } from '../../navigation/router';
import { dateIn } from '../../time/zoned-time';
import { CalendarAgenda } from './CalendarAgenda';
import { CalendarTable } from './CalendarTable';
import { useCalendarAddress } from './use-calendar-address';
import { useCalendarPosts } from './use-calendar-posts';
import { useQueueSlots } from './use-queue-slots';
import { QueuePausedContext } from '../queue/use-queue-paused';
import { useRevealToday } from './use-reveal-today';
import { useSlotMove } from './use-slot-move';

const VIEW_LABELS: Record<CalendarView, string> = { day: 'Day', week: 'Week', month: 'Month', agenda: 'Agenda' };
/** What "Previous" and "Next" page by, in words. */
const PAGE_WORDS: Record<CalendarView, string> = { day: 'day', week: 'week', month: 'month', agenda: 'seven days' };

/**
 * Scheduled and published posts by day (hours), week (hours), month (days) or
 * as an agenda (a list of days, the phone's default), in the user's time
 * zone. A click on a post opens it; a click on an empty slot starts a post at
 * that time. A scheduled post moves to another slot — and is rescheduled — by
 * dragging it, by its Move button and the arrow keys (Enter drops, Escape
 * cancels), or by Move then "Move here" (use-slot-move.ts). What one slot
 * holds is drawn in one place for every view (CalendarSlotContents.tsx). The
 * view and the days shown live in the address bar (use-calendar-address.ts).
 */
export function CalendarPage() {
  const { timeZone, now } = useAccount();
  const id = useId();
  const { view, setView, anchor, setAnchor } = useCalendarAddress();
  const range = useMemo(() => calendarRange(view, anchor, timeZone), [view, anchor, timeZone]);
  const today = dateIn(now(), timeZone);
  const { posts, load, retry, replace } = useCalendarPosts(range);
  const move = useSlotMove({ view, range, posts, onMoved: replace });
  const { slots: queueSlots, paused: queuePaused, settled: slotsSettled } = useQueueSlots(range, posts);
  // Today in view on opening, after Today and on another view, whichever layout a phone or a laptop draws (use-reveal-today.ts).
  const { area, scroller, revealToday } = useRevealToday({ view, today, load: load.state, posts, slotsSettled });

  const groups = useMemo(() => groupBySlot(posts, (post) => (post.status === 'published' ? post.publishedAt : post.scheduledAt), view, timeZone), [posts, view, timeZone]);
  const title = rangeTitle(view, range.weeks, timeZone);
  const howToMoveId = `${id}-how-to-move`;
  const unit = hasHourSlots(view) ? 'hour' : 'day';

  function changeView(next: CalendarView) {
    move.stop();
    if (next !== view) revealToday();
    setView(next);
  }

  function page(direction: -1 | 1 | 0) {
    move.stop();
    if (direction === 0) revealToday();
    setAnchor(direction === 0 ? today : shiftAnchor(view, anchor, direction));
  }

  return (
    <div
      className="calendar"
      ref={area}
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
          {CALENDAR_VIEWS.map((option) => (
            <button key={option} type="button" className="segmented__button" aria-pressed={view === option} onClick={() => changeView(option)}>
              {VIEW_LABELS[option]}
            </button>
          ))}
        </div>
        <div className="calendar__paging">
          <button type="button" className="button button--quiet" onClick={() => page(-1)} aria-label={`Previous ${PAGE_WORDS[view]}`}>
            ‹ <span className="calendar__paging-text">Previous</span>
          </button>
          <button type="button" className="button button--quiet" onClick={() => page(0)}>
            Today
          </button>
          <button type="button" className="button button--quiet" onClick={() => page(1)} aria-label={`Next ${PAGE_WORDS[view]}`}>
            <span className="calendar__paging-text">Next</span> ›
          </button>
        </div>
      </div>
      <h2 className="calendar__title" aria-live="polite">
        {title}
      </h2>
      <p className="hint" id={howToMoveId}>
        Select a post to open it, or an empty {unit === 'hour' ? 'slot' : 'day'} to start a post then. To move a scheduled post, drag it to another {unit}; or press its Move
        button (⇅), choose {unit === 'hour' ? 'an hour' : 'a day'} with the arrow keys and press Enter (Escape cancels), or choose “Move here”. Times in {timeZone}.
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
        <QueuePausedContext.Provider value={queuePaused}>
          {view === 'agenda' ? (
            <div className="calendar__list" aria-busy={load.state === 'loading'}>
              <CalendarAgenda range={range} groups={groups} queueSlots={queueSlots} today={today} move={move} howToMoveId={howToMoveId} />
            </div>
          ) : (
            <div className={`calendar__scroller calendar__scroller--${view}`} ref={scroller} aria-busy={load.state === 'loading'}>
              <CalendarTable range={range} title={title} groups={groups} queueSlots={queueSlots} month={anchor.month} today={today} timeZone={timeZone} move={move} howToMoveId={howToMoveId} />
            </div>
          )}
        </QueuePausedContext.Provider>
      )}
      {load.state === 'ready' && posts.length === 0 && (
        <p className="empty calendar__empty">
          Nothing scheduled or published {view === 'agenda' ? 'in these seven days' : `this ${PAGE_WORDS[view]}`}. Select an empty {unit === 'hour' ? 'slot' : 'day'} above to start a post then, or{' '}
          <Link to={PAGES.write.path}>write one now</Link>.
        </p>
      )}
    </div>
  );
}
