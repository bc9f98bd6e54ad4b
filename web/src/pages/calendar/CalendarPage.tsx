import { useEffect, useId, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { MarkApi, Post, PostStatus } from '../../api/mark-api';
import { useAccount } from '../../account/account-context';
import { Link, PAGES } from '../../navigation/router';
import { calendarRange, groupBySlot, moveSlot, rangeHasDate, shiftAnchor, slotHasPassed, slotInstant, slotKey, slotOf, type CalendarView, type MoveKey, type Slot } from '../../calendar/calendar-grid';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatClock, formatDateTime } from '../../posts/format-time';
import { MIN_LEAD_MS } from '../../time/schedule-time';
import { dateIn, formatDate, parseDate, sameDate, startOfDay, toIsoWithOffset, type CalendarDate } from '../../time/zoned-time';

/** Posts per range request; a range rarely holds more than a page. */
const RANGE_PAGE_SIZE = 50;
const MAX_RANGE_PAGES = 10;
const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
/** The week view opens scrolled to the working day. */
const FIRST_VISIBLE_HOUR = 7;
const CALENDAR_STATUSES: PostStatus[] = ['scheduled', 'published'];

type Load = { state: 'loading' } | { state: 'ready' } | { state: 'failed'; error: unknown };

/**
 * Scheduled and published posts on a week (hours) or month (days) grid, in the
 * user's time zone. A scheduled post moves to another slot — and is
 * rescheduled — by dragging it, by selecting it and using the arrow keys
 * (Enter drops, Escape cancels), or by tapping it and then "Move here".
 * The view and the week or month shown live in the address bar.
 */
export function CalendarPage() {
  const { api, timeZone, now } = useAccount();
  const id = useId();
  const [view, setView] = useState<CalendarView>(() => (new URLSearchParams(window.location.search).get('view') === 'month' ? 'month' : 'week'));
  const [anchor, setAnchor] = useState<CalendarDate>(() => parseDate(new URLSearchParams(window.location.search).get('date') ?? '') ?? dateIn(now(), timeZone));
  const [posts, setPosts] = useState<Post[]>([]);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [reload, setReload] = useState(0);
  const [moving, setMoving] = useState<{ post: Post; target: Slot }>();
  const [dragging, setDragging] = useState<string>();
  const [dropTarget, setDropTarget] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [announcement, setAnnouncement] = useState('');
  const chips = useRef(new Map<string, HTMLElement>());
  const focusAfterMove = useRef<string | undefined>(undefined);
  const scroller = useRef<HTMLDivElement>(null);

  const range = useMemo(() => calendarRange(view, anchor, timeZone), [view, anchor, timeZone]);
  const today = dateIn(now(), timeZone);

  useEffect(() => {
    const url = new URL(window.location.href);
    url.searchParams.set('view', view);
    url.searchParams.set('date', formatDate(anchor));
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}`);
  }, [view, anchor]);

  useEffect(() => {
    const controller = new AbortController();
    setLoad({ state: 'loading' });
    Promise.all(CALENDAR_STATUSES.map((status) => listRange(api, status, range.from, range.to, controller.signal))).then(
      (lists) => {
        setPosts(lists.flat());
        setLoad({ state: 'ready' });
      },
      (caught: unknown) => !controller.signal.aborted && setLoad({ state: 'failed', error: caught }),
    );
    return () => controller.abort();
  }, [api, range, reload]);

  useEffect(() => {
    const box = scroller.current;
    if (view !== 'week' || !box) return;
    const row = box.querySelectorAll('tbody tr')[FIRST_VISIBLE_HOUR] as HTMLElement | undefined;
    const head = box.querySelector('thead') as HTMLElement | null;
    if (row) box.scrollTop = row.offsetTop - (head?.offsetHeight ?? 0);
  }, [view, load.state]);

  // After a move the chip is a new element in another cell: give it focus back so the keyboard user carries on from it.
  useEffect(() => {
    if (!focusAfterMove.current) return;
    chips.current.get(focusAfterMove.current)?.focus();
    focusAfterMove.current = undefined;
  });

  const groups = useMemo(() => groupBySlot(posts, (post) => (post.status === 'published' ? post.publishedAt : post.scheduledAt), view, timeZone), [posts, view, timeZone]);
  const title = rangeTitle(view, range.weeks, timeZone);

  function changeView(next: CalendarView) {
    setMoving(undefined);
    setView(next);
  }

  function page(direction: -1 | 1 | 0) {
    setMoving(undefined);
    setAnchor(direction === 0 ? today : shiftAnchor(view, anchor, direction));
  }

  function slotLabel(slot: Slot): string {
    const start = startOfDay(slot.date, timeZone).toISOString();
    const day = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(new Date(start));
    return slot.hour === undefined ? day : `${day}, ${hourLabel(slot.hour)}`;
  }

  async function moveTo(post: Post, slot: Slot) {
    setMoving(undefined);
    setDropTarget(undefined);
    if (post.status !== 'scheduled' || !post.scheduledAt) return;
    const original = new Date(post.scheduledAt);
    const at = slotInstant(slot, original, timeZone);
    if (at.getTime() === original.getTime()) {
      setAnnouncement('The post stays where it was.');
      return;
    }
    if (at.getTime() - now().getTime() < MIN_LEAD_MS) {
      setError(undefined);
      setAnnouncement(`${slotLabel(slot)} has passed: pick a later slot.`);
      return;
    }
    setBusy(post.id);
    setError(undefined);
    try {
      const moved = await api.schedulePost(post.id, toIsoWithOffset(at, timeZone));
      setPosts((known) => known.map((p) => (p.id === moved.id ? moved : p)));
      focusAfterMove.current = moved.id;
      setAnnouncement(`Rescheduled for ${formatDateTime(moved.scheduledAt ?? at.toISOString(), timeZone)}.`);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  }

  function onChipKeyDown(event: KeyboardEvent, post: Post) {
    if (!moving || moving.post.id !== post.id) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      setMoving(undefined);
      setAnnouncement('Move cancelled.');
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      void moveTo(post, moving.target);
      return;
    }
    if (['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(event.key)) {
      event.preventDefault();
      const target = moveSlot(moving.target, view, event.key as MoveKey);
      if (!rangeHasDate(range, target.date)) {
        setAnnouncement(`That is outside this ${view}. Drop it here first, then go to the ${view === 'week' ? 'next week' : 'next month'}.`);
        return;
      }
      setMoving({ post, target });
      setAnnouncement(`Move to ${slotLabel(target)}?`);
    }
  }

  function pickUp(post: Post) {
    if (moving?.post.id === post.id) {
      setMoving(undefined);
      setAnnouncement('Move cancelled.');
      return;
    }
    setError(undefined);
    setMoving({ post, target: slotOf(new Date(post.scheduledAt!), view, timeZone) });
    setAnnouncement(`Moving “${excerpt(post)}”. Use the arrow keys, then Enter to drop it, or choose Move here on a ${view === 'week' ? 'slot' : 'day'}. Escape cancels.`);
  }

  const dropHandlers = (slot: Slot) => ({
    onDragOver: (event: DragEvent) => {
      if (!dragging) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      setDropTarget(slotKey(slot));
    },
    onDragLeave: () => setDropTarget((current) => (current === slotKey(slot) ? undefined : current)),
    onDrop: (event: DragEvent) => {
      event.preventDefault();
      const postId = event.dataTransfer.getData('text/plain') || dragging;
      setDragging(undefined);
      const post = posts.find((p) => p.id === postId);
      if (post) void moveTo(post, slot);
    },
  });

  function renderCell(slot: Slot, label: string) {
    const key = slotKey(slot);
    const items = groups.get(key) ?? [];
    const isTarget = moving !== undefined && slotKey(moving.target) === key;
    const past = slotHasPassed(slot, now(), timeZone);
    return (
      <td
        key={key}
        className={`calendar__cell${isTarget ? ' calendar__cell--target' : ''}${dropTarget === key ? ' calendar__cell--drop' : ''}${past ? ' calendar__cell--past' : ''}${slot.hour === undefined && sameDate(slot.date, today) ? ' calendar__cell--today' : ''}${view === 'month' && slot.date.month !== anchor.month ? ' calendar__cell--other-month' : ''}`}
        data-slot={key}
        {...dropHandlers(slot)}
      >
        {slot.hour === undefined && (
          <span className="calendar__day-number" aria-hidden="true">
            {slot.date.day}
          </span>
        )}
        <ul className="calendar__items" aria-label={label}>
          {items.map((post) => (
            <li key={post.id}>{renderChip(post)}</li>
          ))}
        </ul>
        {moving && !past && !isTarget && (
          <button type="button" className="calendar__move-here" onClick={() => void moveTo(moving.post, slot)}>
            Move here<span className="visually-hidden">: {label}</span>
          </button>
        )}
        {isTarget && <span className="calendar__target-label">Drop here</span>}
      </td>
    );
  }

  function renderChip(post: Post) {
    const at = post.status === 'published' ? post.publishedAt : post.scheduledAt;
    const time = at ? formatClock(at, timeZone) : '';
    const ref = (element: HTMLElement | null) => {
      if (element) chips.current.set(post.id, element);
      else chips.current.delete(post.id);
    };
    if (post.status === 'published') {
      return post.linkedinUrl ? (
        <a ref={ref} className="chip chip--published" href={post.linkedinUrl} target="_blank" rel="noreferrer" aria-label={`Published ${time}: ${excerpt(post)} (opens LinkedIn in a new tab)`}>
          <span className="chip__time">{time}</span> <span className="chip__text">{excerpt(post)}</span>
        </a>
      ) : (
        <span ref={ref} className="chip chip--published">
          <span className="chip__time">{time}</span> <span className="chip__text">{excerpt(post)}</span>
        </span>
      );
    }
    const isMoving = moving?.post.id === post.id;
    return (
      <button
        ref={ref}
        type="button"
        className={`chip chip--scheduled${isMoving ? ' chip--moving' : ''}`}
        draggable={busy !== post.id}
        aria-pressed={isMoving}
        aria-describedby={`${id}-how-to-move`}
        aria-label={`Scheduled ${time}: ${excerpt(post)}${isMoving ? ' (moving)' : ''}`}
        disabled={busy === post.id}
        onClick={() => pickUp(post)}
        onKeyDown={(event) => onChipKeyDown(event, post)}
        onDragStart={(event) => {
          event.dataTransfer.setData('text/plain', post.id);
          event.dataTransfer.effectAllowed = 'move';
          setMoving(undefined);
          setDragging(post.id);
        }}
        onDragEnd={() => {
          setDragging(undefined);
          setDropTarget(undefined);
        }}
      >
        <span className="chip__time">{busy === post.id ? 'Moving…' : time}</span> <span className="chip__text">{excerpt(post)}</span>
      </button>
    );
  }

  const weekdays = range.weeks[0]!;
  return (
    <div
      className="calendar"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && moving) {
          setMoving(undefined);
          setAnnouncement('Move cancelled.');
        }
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
      <p className="hint" id={`${id}-how-to-move`}>
        To move a scheduled post, drag it to another {view === 'week' ? 'hour' : 'day'}; or select it, choose a {view === 'week' ? 'slot' : 'day'} with the arrow keys and press Enter (Escape cancels); or tap it, then “Move here”. Times in {timeZone}.
      </p>
      <p className="flash" role="status">
        {announcement}
      </p>
      {error !== undefined && <ErrorNotice error={error} />}
      {load.state === 'failed' ? (
        <ErrorNotice error={load.error}>
          <button type="button" className="button button--secondary" onClick={() => setReload((n) => n + 1)}>
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
                    <WeekdayHeading date={day} view={view} timeZone={timeZone} />
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
                      {weekdays.map((date) => renderCell({ date, hour }, slotLabel({ date, hour })))}
                    </tr>
                  ))
                : range.weeks.map((week) => <tr key={formatDate(week[0]!)}>{week.map((date) => renderCell({ date }, slotLabel({ date })))}</tr>)}
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

function WeekdayHeading({ date, view, timeZone }: { date: CalendarDate; view: CalendarView; timeZone: string }) {
  const instant = startOfDay(date, timeZone);
  const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'short', timeZone }).format(instant);
  if (view === 'month') return <>{weekday}</>;
  return (
    <>
      <span className="calendar__weekday">{weekday}</span> <span className="calendar__date">{date.day}</span>
    </>
  );
}

function rangeTitle(view: CalendarView, weeks: CalendarDate[][], timeZone: string): string {
  const first = weeks[0]![0]!;
  if (view === 'month') {
    const middle = weeks[Math.floor(weeks.length / 2)]![0]!;
    return new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone }).format(startOfDay(middle, timeZone));
  }
  const last = weeks[0]![6]!;
  const format = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone });
  return format.formatRange(startOfDay(first, timeZone), startOfDay(last, timeZone));
}

/** "09:00" or "9:00 AM", as the reader's locale writes an hour. */
function hourLabel(hour: number): string {
  return new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(Date.UTC(2000, 0, 1, hour));
}

function excerpt(post: Post): string {
  const firstLine = post.content.split('\n')[0] ?? '';
  return firstLine.length > 60 ? `${firstLine.slice(0, 60).trim()}…` : firstLine;
}

/** Every post of `status` whose sort time is in [from, to), following the cursor. */
async function listRange(api: MarkApi, status: PostStatus, from: Date, to: Date, signal: AbortSignal): Promise<Post[]> {
  const posts: Post[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_RANGE_PAGES; page++) {
    const result = await api.listPosts({ status, from: from.toISOString(), to: to.toISOString(), limit: RANGE_PAGE_SIZE, ...(cursor ? { cursor } : {}) }, signal);
    posts.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return posts;
}
