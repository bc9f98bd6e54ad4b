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
  /** The last publish now was accepted (the post is on its way out). */
  published: boolean;
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
  const [published, setPublished] = useState(false);

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

  /** One change to the queue, then the queue as it is now (whether the change went through or not), read before the change ends. */
  function change(kind: string, work: () => Promise<void>): Promise<boolean> {
    return request.run(kind, async () => {
      try {
        await work();
      } finally {
        await reload();
      }
    });
  }

  return {
    items,
    paused,
    loadError,
    request,
    more,
    showMore: () => setLimit((n) => n + QUEUE_PAGE),
    reload,
    async move(postId, at) {
      await change(`move ${postId}`, async () => {
        // The post shown at that time, to swap with: the API swaps only while it is still there.
        const swapWith = items?.find((item) => item.at === at && item.post && item.post.id !== postId)?.post?.id;
        await api.queue.reorder({ postId, at, ...(swapWith ? { swapWith } : {}) });
      });
    },
    async setPaused(next) {
      await change(next ? 'pause' : 'resume', async () => {
        const schedule = next ? await api.queue.pause() : await api.queue.resume();
        setPausedState(schedule.paused);
      });
    },
    published,
    async publishNow(postId) {
      setPublished(false);
      setPublished(
        await change(`publish ${postId}`, async () => {
          await api.publishPost(postId);
        }),
      );
    },
  };
}
