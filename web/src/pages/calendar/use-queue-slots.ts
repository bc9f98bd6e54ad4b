import { useEffect, useMemo, useState } from 'react';
import { useAccount } from '../../account/account-context';
import type { Post } from '../../api/mark-api';
import { groupBySlot, type CalendarRange } from '../../calendar/calendar-grid';
import { slotInstants, type Slot } from '@contract/api/queue';

/**
 * The queue's empty slots in the range on screen: the posting schedule's
 * times (the contract's slotInstants, the very rule the server queues with)
 * from a minute from now on, less the ones a scheduled post already takes,
 * grouped by calendar cell. Empty until the schedule has loaded; a failure to
 * load it only leaves the slots undrawn. Also whether the queue is paused
 * (the same answer: no request of its own), and whether the schedule has
 * answered (or failed), so the slots drawn are all there will be.
 */
export function useQueueSlots(range: CalendarRange, posts: Post[]): { slots: Map<string, string[]>; paused: boolean; settled: boolean } {
  const { api, timeZone, now } = useAccount();
  const [slots, setSlots] = useState<Slot[]>([]);
  const [paused, setPaused] = useState(false);
  const [settled, setSettled] = useState(false);

  useEffect(() => {
    let live = true;
    api.queue.getSchedule().then(
      (schedule) => {
        if (!live) return;
        setSlots(schedule.slots);
        setPaused(schedule.paused);
        setSettled(true);
      },
      () => live && setSettled(true),
    );
    return () => {
      live = false;
    };
  }, [api]);

  const empty = useMemo(() => {
    const from = new Date(Math.max(range.from.getTime(), now().getTime() + 60_000));
    const taken = new Set(posts.filter((post) => post.status === 'scheduled').map((post) => post.scheduledAt));
    const empty = slotInstants(slots, timeZone, from, { limit: 400, until: range.to })
      .map((instant) => instant.toISOString())
      .filter((at) => !taken.has(at));
    return groupBySlot(empty, (at) => at, range.view, timeZone);
    // `now` is read when the range, posts or slots change.
  }, [slots, posts, range, timeZone]);
  return { slots: empty, paused, settled };
}
