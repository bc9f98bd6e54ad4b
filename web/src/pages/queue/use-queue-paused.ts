import { createContext, useContext, useEffect, useState } from 'react';
import { useAccount } from '../../account/account-context';

/**
 * Whether the queue is paused (GET /v1/me/schedule, as the Queue page reads it), asked once and
 * only when `needed` (a queued post is on screen): a page without one costs no request. Until it
 * answers, or if it fails, the queue counts as running (nothing is said).
 */
export function useQueuePaused(needed: boolean): boolean {
  const { api } = useAccount();
  const [paused, setPaused] = useState(false);
  const [asked, setAsked] = useState(false);
  useEffect(() => {
    if (!needed || asked) return;
    setAsked(true);
    api.queue.getSchedule().then(
      (schedule) => setPaused(schedule.paused),
      () => undefined,
    );
  }, [api, needed, asked]);
  return paused;
}

/** The queue is paused, for the calendar's chips (the calendar reads the schedule for its slots already). */
export const QueuePausedContext = createContext(false);

export function useQueuePausedContext(): boolean {
  return useContext(QueuePausedContext);
}

/** A scheduled post that took a slot of the queue: it waits while the queue is paused. */
export function isQueued(post: { status: string; queue?: string | null | undefined }): boolean {
  return post.status === 'scheduled' && post.queue != null;
}
