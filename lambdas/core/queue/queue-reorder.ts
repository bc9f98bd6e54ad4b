import { ConflictError, StaleWriteError, ValidationError } from '../errors';
import { normalizeInstant } from '../instants';
import { withOptimisticRetry } from '../optimistic';
import { revise, type Post } from '../posts/post';
import { noSuchPost, postIdSchema } from '../posts/post-id';
import { publishMessageFor } from '../publishing/publish-message';
import { expectedOf } from '../ports/post-store';
import type { PostingSchedule } from './posting-schedule';
import { toScheduleView } from './posting-schedule';
import { QUEUE_HORIZON_MS, completeTaken, earliestSlotFrom, isSlotInstant, loadSchedule, readTaken, scheduleOf } from './queue-slots';
import { moveToFreeSlot, type QueueDeps } from './queue-use-cases';
import type { ScheduleInput, ReorderInput } from './queue-input';
import { MIN_SCHEDULE_AHEAD_MS } from '../posts/schedule-input';
import { slotInstants, sortSlots, type ScheduleView } from '../../contract/api/queue';

function lostRace(): ConflictError {
  return new ConflictError(
    'The queue changed while you were moving this post (another tab, device or request got there first). Reload the queue and try again.',
    'QUEUE_CHANGED',
  );
}

/**
 * Moves a queued post to the slot at `at`. If another queued post is due
 * there, the two swap times; either way both posts and the instants they hold
 * change in one conditional transaction, so two posts never share a slot and a
 * concurrent change makes this a 409 QUEUE_CHANGED (nothing written) rather
 * than a silent overwrite. `swapWith` names the post the client saw there: it
 * comes in the first read, and the swap happens only while it is still there.
 * Returns the posts moved (the moved one first).
 */
export async function reorderQueue(deps: QueueDeps, userId: string, input: ReorderInput, channel: string): Promise<Post[]> {
  const now = deps.clock.now();
  const target = normalizeInstant(input.at);
  if (Date.parse(target) - now.getTime() < MIN_SCHEDULE_AHEAD_MS) {
    throw new ValidationError('at must be at least 1 minute from now: a slot that close can no longer be planned.', [{ field: 'at', message: 'must be at least 1 minute in the future' }]);
  }
  // The post, the one to swap with, the profile (its zone), the schedule and the taken instants in one read (strongly consistent).
  const records = postIdSchema.safeParse(input.postId).success
    ? await deps.accounts.read(userId, { postId: input.postId, scheduleChannel: channel, taken: true, ...(input.swapWith ? { otherPostId: input.swapWith } : {}) })
    : {};
  const post = records.post;
  if (!post) throw noSuchPost(input.postId);
  if (post.status !== 'scheduled' || post.queue !== channel || !post.scheduledAt) {
    throw new ConflictError('This post is no longer in the queue (published, unscheduled or rescheduled by hand meanwhile). Reload the queue.', 'POST_NOT_QUEUED');
  }
  if (post.scheduledAt === target) return [post];
  const { schedule, zone } = scheduleOf(records, userId, channel);
  const taken = await completeTaken(deps, userId, records.taken);
  const there = (taken.posts.get(target) ?? []).filter((id) => id !== post.id);
  if (input.swapWith && (there.length !== 1 || there[0] !== input.swapWith)) throw lostRace(); // what the client saw is no longer there
  if (there.length > 1) throw slotTaken();
  // A client that did not say whom it swaps with: the post there is read (one more call).
  const occupant = there.length === 0 ? undefined : (records.otherPost?.id === there[0] ? records.otherPost : await deps.posts.get(userId, there[0]!));
  if (occupant && (occupant.status !== 'scheduled' || occupant.scheduledAt !== target)) throw lostRace();
  if (occupant && occupant.queue !== channel) throw slotTaken();
  if (!occupant && !isSlotInstant(schedule, zone, target)) {
    throw new ValidationError('at is not one of your posting times: move a post onto a slot of the queue, or change the posting times first.', [
      { field: 'at', message: 'is not a posting time of your schedule' },
    ]);
  }

  const moved = revise(post, { scheduledAt: target }, now);
  const swapped = occupant ? revise(occupant, { scheduledAt: post.scheduledAt }, now) : undefined;
  const fresh = [moved, ...(swapped ? [swapped] : [])].map(publishMessageFor);
  // Schedules first: a post is never without one (a schedule left over only sends a message the publisher ignores).
  for (const message of fresh) await deps.scheduler.schedule(message);
  const left = (taken.posts.get(post.scheduledAt) ?? []).filter((id) => id !== post.id);
  try {
    await deps.queueStore.move(
      userId,
      [{ next: moved, expected: expectedOf(post) }, ...(swapped && occupant ? [{ next: swapped, expected: expectedOf(occupant) }] : [])],
      [
        { at: target, expected: there, next: [post.id] },
        { at: post.scheduledAt, expected: taken.posts.get(post.scheduledAt) ?? [post.id], next: [...left, ...(swapped ? [swapped.id] : [])] },
      ],
    );
  } catch (error) {
    for (const message of fresh) await deps.scheduler.cancel(message);
    if (error instanceof StaleWriteError) throw lostRace();
    throw error;
  }
  await deps.scheduler.cancel(publishMessageFor(post));
  if (occupant) await deps.scheduler.cancel(publishMessageFor(occupant));
  return [moved, ...(swapped ? [swapped] : [])];
}

function slotTaken(): ConflictError {
  return new ConflictError('A post scheduled by hand is due at that time, and only queued posts swap places. Pick another slot, or reschedule that post.', 'SLOT_TAKEN');
}

/**
 * Saves the posting times. Queued posts keep their times, unless `reslot`:
 * then they move, in their order, to the new schedule's next free slots.
 */
export async function saveSchedule(deps: QueueDeps, userId: string, input: ScheduleInput, channel: string): Promise<ScheduleView> {
  const { next, zone } = await withOptimisticRetry(async () => {
    const now = deps.clock.now().toISOString();
    const loaded = await loadSchedule(deps, userId, channel);
    const saved: PostingSchedule = { ...loaded.schedule, slots: sortSlots(input.slots), custom: true, updatedAt: now, version: loaded.schedule.version + 1 };
    await deps.queueStore.putSchedule(saved, loaded.schedule.version, loaded.zone);
    return { next: saved, zone: loaded.zone };
  }, 'Your posting schedule');
  if (input.reslot) await reslot(deps, userId, next, zone);
  return toScheduleView(next, zone);
}

/**
 * Moves the queued posts onto the new slots, in their order. The new slots are
 * handed out in time order to the posts in time order, so where a post's new
 * slot is another queued post's current time, that other post moves first (the
 * mapping only ever increases, so there is never a cycle): no two posts share a
 * slot at any moment, even if this stops halfway.
 */
async function reslot(deps: QueueDeps, userId: string, schedule: PostingSchedule, zone: string): Promise<void> {
  const now = deps.clock.now();
  if (schedule.slots.length === 0) return;
  const from = earliestSlotFrom(now);
  const until = new Date(now.getTime() + QUEUE_HORIZON_MS);
  const scheduled = await deps.queueStore.listScheduled(userId, { from: from.toISOString(), to: until.toISOString() }, 5_000);
  const queued = scheduled.filter((post) => post.queue === schedule.channel);
  const byHand = new Set(scheduled.filter((post) => post.queue !== schedule.channel).map((post) => post.scheduledAt));
  const slots: string[] = [];
  let look = from;
  while (slots.length < queued.length) {
    const batch = slotInstants(schedule.slots, zone, look, { limit: 64, until });
    if (batch.length === 0) break;
    for (const slot of batch) if (!byHand.has(slot.toISOString()) && slots.length < queued.length) slots.push(slot.toISOString());
    look = new Date(batch.at(-1)!.getTime() + 60_000);
  }
  const targets = new Map(queued.map((post, i) => [post.id, slots[i]]));
  const taken = await readTaken(deps, userId);
  const pending = queued.filter((post) => targets.get(post.id) && targets.get(post.id) !== post.scheduledAt);
  while (pending.length > 0) {
    const occupiedBy = new Map(pending.map((post) => [post.scheduledAt, post.id]));
    const index = pending.findIndex((post) => {
      const holder = occupiedBy.get(targets.get(post.id)!);
      return holder === undefined || holder === post.id;
    });
    const [post] = pending.splice(index === -1 ? 0 : index, 1);
    const current = await deps.posts.get(userId, post!.id);
    if (current?.status !== 'scheduled' || current.queue !== schedule.channel) continue; // published or taken out meanwhile
    await moveToFreeSlot(deps, current, schedule, zone, taken, new Date(targets.get(post!.id)!));
  }
}
