import { ConflictError, ValidationError } from '../errors';
import { isIsoInstant } from '../instants';
import { MAX_SCHEDULE_AHEAD_DAYS, MIN_SCHEDULE_AHEAD_MS } from '../posts/schedule-input';
import type { Clock } from '../ports/clock';
import type { QueueStore, TakenInstants } from '../ports/queue-store';
import { InstantTakenError } from '../ports/post-store';
import type { AccountReader, AccountRecords } from '../ports/account-reader';
import { defaultSchedule, planningZone, type PostingSchedule } from './posting-schedule';
import { heldInstant, type Post } from '../posts/post';
import { slotInstants } from '../../contract/api/queue';

export interface SlotDeps {
  queueStore: QueueStore;
  /** [0, 1): spreads concurrent requests over slots (Math.random unless a test pins it). */
  random?: () => number;
  /** The profile (its zone) and the schedule in one read. */
  accounts: Pick<AccountReader, 'read'>;
  clock: Clock;
}

/** How far ahead the queue looks for a free slot: as far as a post may be scheduled. */
export const QUEUE_HORIZON_MS = MAX_SCHEDULE_AHEAD_DAYS * 86_400_000;
/** Slots computed at a time while looking for free ones. */
const SLOTS_PER_LOOK = 64;
/** Slots lost to concurrent requests before a request gives up (409 CONCURRENT_UPDATE from the InstantTakenError's retry). */
const MAX_SLOT_LOSSES = 40;

/** The user's schedule for the channel (the defaults until they save one) and the zone its slots are read in. */
export async function loadSchedule(deps: SlotDeps, userId: string, channel: string): Promise<{ schedule: PostingSchedule; zone: string }> {
  return scheduleOf(await deps.accounts.read(userId, { scheduleChannel: channel }), userId, channel);
}

/** The schedule and zone in records read with `scheduleChannel` (and the profile). */
export function scheduleOf(records: AccountRecords, userId: string, channel: string): { schedule: PostingSchedule; zone: string } {
  return { schedule: records.schedule ?? defaultSchedule(userId, channel), zone: planningZone(records.profile?.timezone) };
}

/** The earliest instant a queued post may take: slots less than a minute ahead are too close to schedule. */
export function earliestSlotFrom(now: Date): Date {
  return new Date(now.getTime() + MIN_SCHEDULE_AHEAD_MS);
}

/** The taken instants as they are, built once from the posts for an account made before they were kept. */
export async function completeTaken(deps: SlotDeps, userId: string, taken: TakenInstants | undefined): Promise<TakenInstants> {
  if (taken?.complete) return taken;
  return deps.queueStore.buildTaken(userId, taken?.revision ?? 0);
}

/** The taken instants read on their own (resume, re-slotting: no other item comes with them), complete. */
export async function readTaken(deps: SlotDeps, userId: string): Promise<TakenInstants> {
  return completeTaken(deps, userId, await deps.queueStore.getTaken(userId));
}

/** Up to `limit` slots of the schedule at or after `from` at which no scheduled post is due (`postId` itself aside), soonest first. */
export function freeSlots(schedule: PostingSchedule, zone: string, taken: TakenInstants, postId: string, from: Date, until: Date, limit: number): string[] {
  const free: string[] = [];
  let look = from;
  while (free.length < limit) {
    const batch = slotInstants(schedule.slots, zone, look, { limit: SLOTS_PER_LOOK, until });
    if (batch.length === 0) break;
    for (const slot of batch) {
      const at = slot.toISOString();
      if ((taken.posts.get(at) ?? []).every((id) => id === postId) && free.length < limit) free.push(at);
    }
    look = new Date(batch.at(-1)!.getTime() + 60_000);
  }
  return free;
}

/** Records in `taken` that `postId` moved from `was` (null: none) to `at` (a write of it succeeded). */
export function noteTaken(taken: TakenInstants, postId: string, was: string | null, at: string): void {
  if (was) {
    const left = (taken.posts.get(was) ?? []).filter((id) => id !== postId);
    if (left.length > 0) taken.posts.set(was, left);
    else taken.posts.delete(was);
  }
  taken.posts.set(at, [...(taken.posts.get(at) ?? []).filter((id) => id !== postId), postId]);
}

/**
 * Puts `post` at the earliest free slot at or after `from`: `write` writes it there, on the
 * condition that no other post took the instant meanwhile (InstantTakenError). Of concurrent
 * requests one gets each slot; a loser reads the taken instants again and tries one of the next
 * few free slots at random, so a burst spreads over the slots instead of all trying the same
 * one again. Returns what `write` returned; `place.taken` is kept as read and written.
 */
export async function takeFreeSlot<T>(
  deps: SlotDeps,
  post: Pick<Post, 'userId' | 'id' | 'status' | 'scheduledAt'>,
  place: { schedule: PostingSchedule; zone: string; from: Date; taken: TakenInstants },
  write: (at: string) => Promise<T>,
): Promise<T> {
  const random = deps.random ?? Math.random;
  const until = new Date(deps.clock.now().getTime() + QUEUE_HORIZON_MS);
  const { taken } = place;
  for (let losses = 0; losses < MAX_SLOT_LOSSES; losses++) {
    const free = freeSlots(place.schedule, place.zone, taken, post.id, place.from, until, 1 + losses * 2);
    if (free.length === 0) {
      throw new ConflictError(
        `Every posting time of the next ${MAX_SCHEDULE_AHEAD_DAYS} days is taken. Add posting times to your schedule, or schedule this post for a time of your own.`,
        'QUEUE_FULL',
      );
    }
    const at = free[losses === 0 ? 0 : Math.floor(random() * free.length)]!;
    try {
      const written = await write(at);
      noteTaken(taken, post.id, heldInstant(post), at);
      return written;
    } catch (error) {
      if (!(error instanceof InstantTakenError)) throw error;
      Object.assign(taken, await deps.queueStore.getTaken(post.userId));
    }
  }
  throw new ConflictError('Many posts were being added to your queue at the same moment, and each time this one lost its slot. Try again.', 'CONCURRENT_UPDATE');
}

/** True when `at` is one of the schedule's slot instants (DST rules included). */
export function isSlotInstant(schedule: PostingSchedule, zone: string, at: string): boolean {
  const instant = new Date(at);
  const found = slotInstants(schedule.slots, zone, instant, { limit: 1, until: new Date(instant.getTime() + 1) });
  return found.length === 1 && found[0]!.getTime() === instant.getTime();
}

/**
 * Queue page cursors: the last instant shown and how many scheduled posts came before it (so the
 * next page's read asks for enough at once), base64url (the queue is computed: no key to hide).
 */
export function encodeQueueCursor(at: string, before: number): string {
  return btoa(`${at}|${before}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeQueueCursor(cursor: string): { at: string; before: number } {
  let at: string;
  let before = 0;
  try {
    const [instant = '', count] = atob(cursor.replace(/-/g, '+').replace(/_/g, '/')).split('|');
    at = instant;
    // A cursor made before the count was in it has none: the read then asks for a page's worth.
    if (count !== undefined) before = /^\d{1,6}$/.test(count) ? Number(count) : NaN;
  } catch {
    at = '';
  }
  if (!isIsoInstant(at) || Number.isNaN(before)) {
    throw new ValidationError('Invalid query: cursor: is not a cursor this API made; start again without it', [
      { field: 'cursor', message: 'is not a cursor this API made; start again without it' },
    ]);
  }
  return { at: new Date(at).toISOString(), before };
}
