import { useCallback, useEffect, useRef, useState } from 'react';
import { useAccount } from '../../account/account-context';
import type { Post } from '../../api/mark-api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { connectionState } from '../../linkedin/connection-state';
import { Link, navigateTo, PAGES, useLocation } from '../../navigation/router';
import { LinkedInFirst, usePublishingGate } from '../../components/LinkedInFirst';
import { displayStatus, filterFromSearch, isDue, postMatchesFilter, STATUS_LABELS, STATUS_TABS, type StatusFilter, type StatusTab } from '../../posts/post-status';
import { LINKEDIN_FIRST_ID, PostCard } from './PostCard';
import { StatusTabs, tabId } from './StatusTabs';
import { isQueued, useQueuePaused } from '../queue/use-queue-paused';

export const PAGE_SIZE = 20;
/** How long a status line ("Draft saved.") stays on screen. */
const ANNOUNCEMENT_MS = 5000;
/** How often posts on their way out (publishing, or due) are looked at again. */
export const DEFAULT_REFRESH_MS = 4000;
/** At most this many posts are refreshed per round (one GET each). */
const MAX_REFRESHED = 10;
/** Reads of the account's counts after the page opens while posts are scheduled (one of them may be going out now). */
const OPENING_READS = 3;

interface PostsPageProps {
  /** Tests shorten the refresh of posts being published. */
  refreshMs?: number;
}

interface ListState {
  items: Post[];
  nextCursor: string | null;
  loading: boolean;
  loadingMore: boolean;
  error?: unknown;
}

const PANEL_ID = 'posts-panel';

/**
 * Posts by status, newest first, a page at a time; the selected tab lives in
 * the address bar (?status=…). Posts on their way out (publishing, or due to
 * go) are looked at again every few seconds, so a post turns "Published" with
 * its LinkedIn link, or "Failed" with the reason, without a reload.
 */
export function PostsPage({ refreshMs = DEFAULT_REFRESH_MS }: PostsPageProps) {
  const { api, now, me, reloadMe } = useAccount();
  // The tab is the address's ?status=, so links to /posts?status=… and the back button choose it too.
  const { search } = useLocation();
  // Without ?status=, the first tab that has posts (from the account's counts).
  const filter = filterFromSearch(search, me.postCounts);
  const gate = usePublishingGate();
  // A mail's link names one post (?post=<id>): it is brought into view once the list shows it.
  const linkedPost = new URLSearchParams(search).get('post');
  const [list, setList] = useState<ListState>({ items: [], nextCursor: null, loading: true, loadingMore: false });
  const [reloadKey, setReloadKey] = useState(0);
  const [announcement, setAnnouncement] = useAnnouncement();
  const listHeading = useRef<HTMLHeadingElement>(null);

  // A re-read of the same tab (a post it does not show came out of publishing) keeps the cards on screen meanwhile,
  // and keeps the posts that left the tab while the user watched (retried, published now: their card says so).
  const quietReload = useRef(false);
  useEffect(() => {
    const controller = new AbortController();
    const quiet = quietReload.current;
    quietReload.current = false;
    if (!quiet) setList((current) => ({ ...current, items: [], nextCursor: null, loading: true, error: undefined }));
    api
      .listPosts({ ...(filter === 'all' ? {} : { status: filter }), limit: PAGE_SIZE }, controller.signal)
      .then((page) =>
        setList((current) => ({
          items: quiet ? withPostsThatLeft(page.items, current.items, filter) : page.items,
          nextCursor: page.nextCursor,
          loading: false,
          loadingMore: false,
        })),
      )
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setList({ items: [], nextCursor: null, loading: false, loadingMore: false, error });
      });
    return () => controller.abort();
  }, [api, filter, reloadKey]);

  // A paused queue holds its posts back: with a queued post on screen (and only then), ask the schedule once.
  const showsQueued = list.items.some(isQueued);
  const queuePaused = useQueuePaused(showsQueued);

  const shownLinked = linkedPost !== null && list.items.some((post) => post.id === linkedPost);
  useEffect(() => {
    if (!shownLinked) return;
    const card = document.getElementById(`post-${linkedPost}`);
    card?.scrollIntoView?.({ block: 'center' });
    card?.focus();
  }, [shownLinked, linkedPost]);

  // Posts that will change on their own soon: publishing, scheduled and already due, or waiting while LinkedIn works again (released).
  const linkedinWorks = ['connected', 'expiring'].includes(connectionState(me.linkedin, now()).kind);
  const inFlight = list.items
    .filter((post) => post.status === 'publishing' || isDue(post, now()) || (post.status === 'waiting' && linkedinWorks))
    .slice(0, MAX_REFRESHED)
    .map((post) => post.id)
    .join(',');
  const [round, setRound] = useState(0);
  const items = useRef(list.items);
  items.current = list.items;

  // The next scheduled post to fall due: look again at its time, so it is followed from then on (nothing else re-renders the list).
  const nextDue = Math.min(
    ...list.items.filter((post) => post.status === 'scheduled' && post.scheduledAt !== null).map((post) => Date.parse(post.scheduledAt!)).filter((at) => at > now().getTime()),
  );
  useEffect(() => {
    if (!Number.isFinite(nextDue)) return;
    // setTimeout's ceiling is ~24.8 days; a later post is looked at again then, and waited for anew.
    const timer = setTimeout(() => setRound((n) => n + 1), Math.min(nextDue - now().getTime(), 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [nextDue]);
  useEffect(() => {
    if (!inFlight) return;
    let live = true;
    const timer = setTimeout(() => {
      void Promise.allSettled(inFlight.split(',').map((id) => api.getPost(id))).then((results) => {
        if (!live) return;
        for (const result of results) if (result.status === 'fulfilled') settle(result.value);
        setRound((n) => n + 1);
      });
    }, refreshMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // A new round after each one, for as long as some post is still on its way out.
  }, [api, inFlight, refreshMs, round]);

  // Posts publishing that this tab does not show (Published, Failed, Waiting or Drafts is open, published from
  // the queue or the composer): the account's counts are read again every few seconds while any is publishing,
  // and once fewer are, or more have an outcome (published, failed, waiting), the tab is read again, so the post
  // arrives here without a reload. A post published now elsewhere is due for a moment before the publisher takes
  // it (scheduled, not yet publishing): while any post is scheduled the counts are also read a few times after
  // the page opens, so that moment is not missed.
  const counts = me.postCounts;
  const publishing = counts.publishing;
  const outcomes = counts.published + counts.failed + counts.waiting;
  const followed = list.items.some((post) => displayStatus(post, now()) === 'publishing');
  const [openingReads, setOpeningReads] = useState(0);
  // (Scheduled and All list scheduled posts themselves, and follow them once due.)
  const scheduledElsewhere = counts.scheduled > 0 && filter !== 'scheduled' && filter !== 'all';
  const watching = publishing > 0 || (scheduledElsewhere && openingReads < OPENING_READS);
  useEffect(() => {
    if (!watching || followed) return;
    const timer = setTimeout(() => {
      setOpeningReads((n) => n + 1);
      reloadMe().catch(() => undefined);
    }, refreshMs);
    return () => clearTimeout(timer);
    // `me` is new after each read: the next round is set then.
  }, [watching, followed, me, refreshMs, reloadMe]);
  const last = useRef({ publishing, outcomes });
  useEffect(() => {
    const changed = publishing < last.current.publishing || outcomes > last.current.outcomes;
    last.current = { publishing, outcomes };
    if (changed && !followed) {
      quietReload.current = true;
      setReloadKey((k) => k + 1);
    }
  }, [publishing, outcomes, followed]);

  const selectFilter = useCallback((next: StatusFilter) => {
    const url = new URL(window.location.href);
    url.searchParams.set('status', next);
    navigateTo(`${url.pathname}${url.search}${url.hash}`, { replace: true });
  }, []);

  async function loadMore() {
    if (!list.nextCursor) return;
    setList((current) => ({ ...current, loadingMore: true, error: undefined }));
    try {
      const page = await api.listPosts({ ...(filter === 'all' ? {} : { status: filter }), limit: PAGE_SIZE, cursor: list.nextCursor });
      setList((current) => ({
        items: [...current.items, ...page.items.filter((post) => !current.items.some((known) => known.id === post.id))],
        nextCursor: page.nextCursor,
        loading: false,
        loadingMore: false,
      }));
      setAnnouncement(page.items.length === 1 ? 'Loaded 1 more post.' : `Loaded ${page.items.length} more posts.`);
    } catch (error) {
      setList((current) => ({ ...current, loadingMore: false, error }));
    }
  }

  /** The navigation's counts follow the posts' statuses (best effort). */
  function recount() {
    reloadMe().catch(() => undefined);
  }

  /** A post changed on its own (published, failed, waiting): show it, and say so when its status changed. */
  function settle(latest: Post) {
    const known = items.current.find((post) => post.id === latest.id);
    if (!known || known.version === latest.version) return;
    if (known.status !== latest.status) {
      if (latest.status === 'published') setAnnouncement('A post was published on LinkedIn.');
      if (latest.status === 'failed') setAnnouncement('A post failed to publish: see why below.');
      if (latest.status === 'waiting') setAnnouncement('A post is waiting for LinkedIn: see below.');
      recount();
    }
    setList((current) => ({ ...current, items: current.items.map((post) => (post.id === latest.id ? latest : post)) }));
  }

  /** The tab chosen for the user (no ?status=) stays put once they act, whatever the counts do next. */
  function pinTab() {
    if (!new URLSearchParams(window.location.search).has('status')) selectFilter(filter);
  }

  function changePost(post: Post, message?: string) {
    pinTab();
    recount();
    // A post on its way out (publish now, retry) stays where it is, to be followed until it is published or fails.
    if (postMatchesFilter(post.status, filter) || displayStatus(post, now()) === 'publishing') {
      setList((current) => ({ ...current, items: current.items.map((known) => (known.id === post.id ? post : known)) }));
      if (message) setAnnouncement(message);
    } else {
      // It left this tab (a draft got scheduled, say): take it out and say where it went.
      setList((current) => ({ ...current, items: current.items.filter((known) => known.id !== post.id) }));
      setAnnouncement(`${message ?? ''} It is now under ${STATUS_LABELS[post.status]}.`.trim());
      listHeading.current?.focus();
    }
  }

  function removePost(id: string, message: string) {
    pinTab();
    recount();
    setList((current) => ({ ...current, items: current.items.filter((known) => known.id !== id) }));
    setAnnouncement(message);
    listHeading.current?.focus();
  }

  const tab = STATUS_TABS.find((t) => t.filter === filter)!;
  return (
    <section className="posts" aria-labelledby="posts-heading">
      <div className="posts__header">
        <h1 id="posts-heading" className="page__title" tabIndex={-1} ref={listHeading}>
          Your posts
        </h1>
        <Link to={PAGES.write.path} className="button button--primary">
          New post
        </Link>
      </div>
      <p className="flash" role="status">
        {announcement}
      </p>
      <LinkedInFirst gate={gate} returnPath={`${PAGES.posts.path}?status=${filter}`} id={LINKEDIN_FIRST_ID} />
      {queuePaused && showsQueued && (
        <p className="notice notice--warning">
          Your queue is paused: queued posts will not go out until you resume it on the <Link to={PAGES.queue.path}>Queue page</Link>.
        </p>
      )}
      <StatusTabs selected={filter} counts={me.postCounts} onSelect={selectFilter} panelId={PANEL_ID} />
      <div
        id={PANEL_ID}
        role="tabpanel"
        aria-labelledby={tabId(filter)}
        className="posts__panel"
        aria-busy={list.loading}
        // With nothing focusable inside, the panel itself takes focus so keyboard users reach its message (WAI-ARIA tabs).
        tabIndex={list.items.length === 0 ? 0 : undefined}
      >
        {list.loading ? (
          <p className="muted">Loading posts…</p>
        ) : list.items.length === 0 && !list.error ? (
          <EmptyTab tab={tab} />
        ) : (
          <ul className="post-list">
            {list.items.map((post) => (
              <li key={post.id}>
                <PostCard post={post} onChanged={changePost} onRemoved={removePost} queuePaused={queuePaused} />
              </li>
            ))}
          </ul>
        )}
        {list.error !== undefined && (
          <ErrorNotice error={list.error}>
            <button type="button" className="button button--secondary" onClick={() => (list.items.length ? void loadMore() : setReloadKey((k) => k + 1))}>
              Try again
            </button>
          </ErrorNotice>
        )}
        {list.nextCursor && !list.loading && (
          <div className="posts__more">
            <button type="button" className="button button--secondary" onClick={() => void loadMore()} disabled={list.loadingMore}>
              {list.loadingMore ? 'Loading…' : 'Load more'}
            </button>
          </div>
        )}
      </div>
    </section>
  );
}

/**
 * The tab as read again, with the posts on screen that left it while the user watched (a retry published,
 * a failed post published now): their cards keep their place and say where they went, until the tab is
 * opened again. Taking them away under the user would hide the very outcome they were waiting for.
 */
function withPostsThatLeft(read: readonly Post[], shown: readonly Post[], filter: StatusFilter): Post[] {
  const merged = [...read];
  shown.forEach((post, index) => {
    if (postMatchesFilter(post.status, filter) || read.some((known) => known.id === post.id)) return;
    merged.splice(Math.min(index, merged.length), 0, post);
  });
  return merged;
}

/** An empty tab: what would be here, and the real ways to fill it. */
function EmptyTab({ tab }: { tab: StatusTab }) {
  return (
    <div className="empty">
      <p>{tab.empty}</p>
      {tab.actions.length > 0 && (
        <p className="empty__actions">
          {tab.actions.includes('write') && (
            <Link to={PAGES.write.path} className="button button--primary">
              Write a post
            </Link>
          )}
          {tab.actions.includes('calendar') && (
            <Link to={PAGES.calendar.path} className="button button--secondary">
              Open the calendar
            </Link>
          )}
        </p>
      )}
    </div>
  );
}

/**
 * A short status line, read out by screen readers (role="status") and cleared
 * after a few seconds so it never describes an older action than the last one.
 */
function useAnnouncement(): [string, (message: string) => void] {
  const [message, setMessage] = useState('');
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(''), ANNOUNCEMENT_MS);
    return () => clearTimeout(timer);
  }, [message]);
  return [message, setMessage];
}
