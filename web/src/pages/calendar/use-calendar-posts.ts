import { useEffect, useState } from 'react';
import { useAccount } from '../../account/account-context';
import type { MarkApi, Post, PostStatus } from '../../api/mark-api';
import type { CalendarRange } from '../../calendar/calendar-grid';

/** Posts per range request; a range rarely holds more than a page. */
const RANGE_PAGE_SIZE = 50;
const MAX_RANGE_PAGES = 10;
const CALENDAR_STATUSES: PostStatus[] = ['scheduled', 'published'];

export type CalendarLoad = { state: 'loading' } | { state: 'ready' } | { state: 'failed'; error: unknown };

/**
 * The scheduled and published posts of the range on screen, loaded again when
 * the range changes (an answer for a range no longer shown is dropped).
 */
export function useCalendarPosts(range: CalendarRange) {
  const { api } = useAccount();
  const [posts, setPosts] = useState<Post[]>([]);
  const [load, setLoad] = useState<CalendarLoad>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoad({ state: 'loading' });
    Promise.all(CALENDAR_STATUSES.map((status) => listRange(api, status, range.from, range.to, controller.signal))).then(
      (lists) => {
        // An answer that came back for a range no longer on screen (paged on meanwhile) is not drawn over the new one's.
        if (controller.signal.aborted) return;
        setPosts(lists.flat());
        setLoad({ state: 'ready' });
      },
      (caught: unknown) => !controller.signal.aborted && setLoad({ state: 'failed', error: caught }),
    );
    return () => controller.abort();
  }, [api, range, attempt]);

  return {
    posts,
    load,
    /** After a failed load: try again. */
    retry: () => setAttempt((n) => n + 1),
    /** A post changed (rescheduled here): show the API's copy. */
    replace: (changed: Post) => setPosts((known) => known.map((p) => (p.id === changed.id ? changed : p))),
  };
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
