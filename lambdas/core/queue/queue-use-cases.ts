import { ConflictError } from '../errors';
import { withOptimisticRetry } from '../optimistic';
import { revise, type Post } from '../posts/post';
import { checkFitsLinkedIn } from '../posts/post-shape';
import { commitSchedule, postWithConnection, workingConnection, type SchedulingDeps } from '../posts/schedule-use-cases';
import {
  QUEUE_HORIZON_MS,
  completeTaken,
  decodeQueueCursor,
  earliestSlotFrom,
  encodeQueueCursor,
  loadSchedule,
  readTaken,
  scheduleOf,
  takeFreeSlot,
  type SlotDeps,
} from './queue-slots';
import { toScheduleView, type PostingSchedule } from './posting-schedule';
import type { TakenInstants } from '../ports/queue-store';
import { DEFAULT_QUEUE_PAGE, type QueueListInput } from './queue-input';
import { isSchedulable } from '../../contract/api/posts';
import { slotInstants, type ScheduleView } from '../../contract/api/queue';

/**
 * What the queue's use cases need: scheduling without the publish queue (nothing here publishes now)
 * or the connection store (the connection comes with the post, in one read) or the media bucket (a
 * post's media are attached or let go only when it is written), and the slots.
 */
export interface QueueDeps extends Omit<SchedulingDeps, 'queue' | 'connections' | 'storage'>, SlotDeps {}

/**
 * Adds a post to the queue: it becomes `scheduled` at the next free slot of
 * the user's posting schedule, at least a minute ahead. Like scheduling: it
 * counts against the tier's scheduled-post cap, needs a working LinkedIn
 * connection (the same 409s), and a post already queued stays where it is.
 */
export async function queuePost(deps: QueueDeps, userId: string, postId: string, cap: number, channel: string, onNewlyScheduled?: () => void): Promise<Post> {
  return withOptimisticRetry(async () => {
    const now = deps.clock.now();
    // The post, the connection, the profile (its zone), the schedule and the taken instants in one read.
    const { post: current, connection, records } = await postWithConnection(deps, userId, postId, { profile: true, scheduleChannel: channel, taken: true });
    if (current.status === 'scheduled' && current.queue === channel) return current;
    if (!isSchedulable(current.status)) {
      throw new ConflictError(
        current.status === 'published' ? 'This post is already on LinkedIn; it cannot be queued again (mark it evergreen to have it come back reworded).' : `This post is ${current.status} and cannot be queued.`,
        'POST_NOT_SCHEDULABLE',
      );
    }
    checkFitsLinkedIn(current.content);
    workingConnection(connection, now);
    const { schedule, zone } = scheduleOf(records, userId, channel);
    if (schedule.slots.length === 0) {
      throw new ConflictError('Your posting schedule has no times: add some on the Queue page (Posting times), then add this post to the queue.', 'QUEUE_HAS_NO_SLOTS');
    }
    const taken = await completeTaken(deps, userId, records.taken);
    // The post and its instant in one transaction, the instant on condition that it is still free.
    const next = await takeFreeSlot(deps, current, { schedule, zone, from: earliestSlotFrom(now), taken }, async (at) => {
      const next = revise(current, { status: 'scheduled', scheduledAt: at, queue: channel, error: null, attempts: 0, leaseUntil: null }, now);
      await commitSchedule(deps, current, next, cap, true);
      return next;
    });
    if (current.status !== 'scheduled') onNewlyScheduled?.();
    return next;
  });
}

export interface QueuePage {
  channel: string;
  paused: boolean;
  items: { at: string; post: Post | null }[];
  nextCursor: string | null;
}

/**
 * The queue in time order: every scheduled post of the user (queued or
 * scheduled by hand) and every empty slot of the schedule, from now on. Slots
 * and posts are merged page by page; the cursor is the last instant shown.
 */
export async function listQueue(deps: QueueDeps, userId: string, input: QueueListInput, channel: string): Promise<QueuePage> {
  const now = deps.clock.now();
  const limit = input.limit ? Number(input.limit) : DEFAULT_QUEUE_PAGE;
  const after = input.cursor ? decodeQueueCursor(input.cursor) : undefined;
  const from = after ? new Date(Date.parse(after.at) + 1) : now;
  const until = new Date(now.getTime() + QUEUE_HORIZON_MS);
  // The schedule, its zone and the posts in one read of the index; from the account where the index has no schedule yet.
  const read = await deps.queueStore.readQueue(userId, channel, { from: from.toISOString(), to: until.toISOString() }, limit, after?.before);
  const { schedule, zone } = read.schedule ?? (await loadSchedule(deps, userId, channel));
  const slotFrom = new Date(Math.max(from.getTime(), earliestSlotFrom(now).getTime()));
  const slots = slotInstants(schedule.slots, zone, slotFrom, { limit, until });
  let end = slots.length === limit ? slots.at(-1)!.getTime() + 1 : until.getTime();
  const posts = read.posts.filter((post) => Date.parse(post.scheduledAt!) < end);
  if (posts.length === limit) end = Math.min(end, Date.parse(posts.at(-1)!.scheduledAt!) + 1);

  const items: { at: string; post: Post | null }[] = posts.map((post) => ({ at: post.scheduledAt!, post }));
  const taken = new Set(items.map((item) => item.at));
  for (const slot of slots) {
    const at = slot.toISOString();
    if (slot.getTime() < end && !taken.has(at)) items.push({ at, post: null });
  }
  items.sort((a, b) => a.at.localeCompare(b.at));
  // A page ends on a whole instant: posts sharing the last one's time come with it.
  let size = Math.min(limit, items.length);
  while (size > 0 && size < items.length && items[size]!.at === items[size - 1]!.at) size++;
  const page = items.slice(0, size);
  const more = page.length > 0 && (items.length > size || slots.length === limit || posts.length === limit);
  const shownPosts = page.filter((item) => item.post).length;
  return { channel, paused: schedule.paused, items: page, nextCursor: more ? encodeQueueCursor(page.at(-1)!.at, read.before + shownPosts) : null };
}

/** Holds every queued post of the channel: nothing of the queue is published until it is resumed. */
export async function pauseQueue(deps: QueueDeps, userId: string, channel: string): Promise<ScheduleView> {
  return withOptimisticRetry(async () => {
    const now = deps.clock.now().toISOString();
    const { schedule, zone } = await loadSchedule(deps, userId, channel);
    if (schedule.paused) return toScheduleView(schedule, zone);
    const next = { ...schedule, paused: true, pausedAt: now, updatedAt: now, version: schedule.version + 1 };
    await deps.queueStore.putSchedule(next, schedule.version, zone);
    return toScheduleView(next, zone);
  }, 'Your posting schedule');
}

/**
 * Lets the queue run again: each held post whose slot passed while paused
 * moves to the next free slot (in their order), then the pause is lifted;
 * posts whose slots are still ahead keep them (their schedules never went away).
 */
export async function resumeQueue(deps: QueueDeps, userId: string, channel: string): Promise<ScheduleView> {
  let fromIndex = true;
  return withOptimisticRetry(async () => {
    const now = deps.clock.now();
    const to = earliestSlotFrom(now).toISOString();
    // The schedule and the posts due before the earliest slot, in one read of the index. Read so, a pause
    // not yet in the index, or a schedule changed since (its write fails), is read again from the account.
    const read = fromIndex ? await deps.queueStore.readQueue(userId, channel, { from: '', to }, 5_000) : undefined;
    fromIndex = false;
    const indexed = read?.schedule?.schedule.paused ? read.schedule : undefined;
    const { schedule, zone } = indexed ?? (await loadSchedule(deps, userId, channel));
    if (!schedule.paused) return toScheduleView(schedule, zone);
    const pausedAt = Date.parse(schedule.pausedAt ?? now.toISOString());
    const range = { from: new Date(pausedAt - 2 * 86_400_000).toISOString(), to };
    const passed = (indexed ? read!.posts.filter((post) => post.scheduledAt! >= range.from) : await deps.queueStore.listScheduled(userId, range, 5_000)).filter((p) => p.queue === channel);
    const taken = passed.length > 0 ? await readTaken(deps, userId) : undefined;
    for (const post of passed) await moveToFreeSlot(deps, post, schedule, zone, taken!);
    const next = { ...schedule, paused: false, pausedAt: null, updatedAt: now.toISOString(), version: schedule.version + 1 };
    await deps.queueStore.putSchedule(next, schedule.version, zone);
    return toScheduleView(next, zone);
  }, 'Your posting schedule');
}

/** A queued post to the next free slot from `from` (default: the earliest a post may take): resume, and re-slotting. */
export async function moveToFreeSlot(deps: QueueDeps, post: Post, schedule: PostingSchedule, zone: string, taken: TakenInstants, from?: Date): Promise<Post> {
  const now = deps.clock.now();
  return takeFreeSlot(deps, post, { schedule, zone, from: from ?? earliestSlotFrom(now), taken }, async (at) => {
    if (at === post.scheduledAt) return post;
    const next = revise(post, { scheduledAt: at }, now);
    await commitSchedule(deps, post, next, undefined, true);
    return next;
  });
}
