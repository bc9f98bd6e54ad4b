import { useCallback, useEffect, useState } from 'react';
import { useAccount } from '../../account/account-context';
import type { QueueItemView } from '@contract/api/queue';
import { useRequest, type Request } from '../../requests/use-request';

/** Slots shown at first; "Show more" adds as many again. */
export const QUEUE_PAGE = 14;

export interface QueueState {
  items: QueueItemView[] | undefined;
  paused: boolean;
  loadError: unknown;
  /** One change at a time (a move, pause or resume, a publish): what runs and how it failed. */
  request: Request<string>;
  more: boolean;
  showMore(): void;
  reload(): Promise<void>;
  /** Moves a queued post onto the slot at `at` (a post there swaps with it). */
  move(postId: string, at: string): Promise<void>;
  setPaused(paused: boolean): Promise<void>;
  publishNow(postId: string): Promise<void>;
  /** What the last publish now started, said once it is accepted; undefined otherwise. */
  published: string | undefined;
}

/** The queue page's data: the next slots with their posts, and what can be done to them. */
export function useQueue(): QueueState {
  const { api } = useAccount();
  const [limit, setLimit] = useState(QUEUE_PAGE);
  const [items, setItems] = useState<QueueItemView[]>();
  const [paused, setPausedState] = useState(false);
  const [more, setMore] = useState(false);
  const [loadError, setLoadError] = useState<unknown>();
  const request = useRequest<string>();
  const [published, setPublished] = useState<string>();

  const reload = useCallback(async () => {
    try {
      const page = await api.queue.list({ limit });
      setItems(page.items);
      setPausedState(page.paused);
      setMore(page.nextCursor !== null);
      setLoadError(undefined);
    } catch (error) {
      setLoadError(error);
    }
  }, [api, limit]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return {
    items,
    paused,
    loadError,
    request,
    more,
    showMore: () => setLimit((n) => n + QUEUE_PAGE),
    reload,
    async move(postId, at) {
      await request.run(`move ${postId}`, async () => {
        await api.queue.reorder({ postId, at });
      });
      await reload();
    },
    async setPaused(next) {
      await request.run(next ? 'pause' : 'resume', async () => {
        const schedule = next ? await api.queue.pause() : await api.queue.resume();
        setPausedState(schedule.paused);
      });
      await reload();
    },
    published,
    async publishNow(postId) {
      setPublished(undefined);
      const accepted = await request.run(`publish ${postId}`, async () => {
        await api.publishPost(postId);
      });
      if (accepted) setPublished('Publishing now: it leaves the queue and shows under Posts → Published, with its LinkedIn link, in a moment.');
      await reload();
    },
  };
}
