import { ConflictError, ValidationError } from '../errors';
import { isIsoInstant } from '../instants';
import { MAX_SCHEDULE_AHEAD_DAYS, MIN_SCHEDULE_AHEAD_MS } from '../posts/schedule-input';
import type { Clock } from '../ports/clock';
import type { QueueStore } from '../ports/queue-store';
import { STALE_CLAIM_MS } from '../ports/queue-store';
import type { AccountReader, AccountRecords } from '../ports/account-reader';
import { defaultSchedule, planningZone, type PostingSchedule } from './posting-schedule';
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
/** Slots looked at per read of the posts and claims in their range. */
const SLOTS_PER_LOOK = 64;
/** Scheduled posts read per look (a range of 64 slots holds at most that many queued posts, plus hand-scheduled ones). */
const POSTS_PER_LOOK = 500;

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

/**
 * Finds the earliest free slot at or after `from` and claims it for `postId`
 * (a conditional write: of concurrent requests, one gets each slot and the
 * others move on to the next). Free: no scheduled post of the user is due at
 * that instant, and no other post holds its claim (unless the claim is stale:
 * old, and its post is not there). Returns the slot's ISO instant.
 */
export async function claimFreeSlot(deps: SlotDeps, userId: string, postId: string, schedule: PostingSchedule, zone: string, from: Date): Promise<string> {
  const now = deps.clock.now();
  const random = deps.random ?? Math.random;
  const until = new Date(now.getTime() + QUEUE_HORIZON_MS);
  let look = from;
  for (;;) {
    const candidates = slotInstants(schedule.slots, zone, look, { limit: SLOTS_PER_LOOK, until });
    if (candidates.length === 0) {
      throw new ConflictError(
        `Every posting time of the next ${MAX_SCHEDULE_AHEAD_DAYS} days is taken. Add posting times to your schedule, or schedule this post for a time of your own.`,
        'QUEUE_FULL',
      );
    }
    const range = { from: candidates[0]!.toISOString(), to: new Date(candidates.at(-1)!.getTime() + 1).toISOString() };
    const [posts, claims] = await Promise.all([
      deps.queueStore.listScheduled(userId, range, POSTS_PER_LOOK),
      deps.queueStore.listClaims(userId, schedule.channel, range),
    ]);
    const due = new Set(posts.filter((post) => post.id !== postId && post.scheduledAt).map((post) => post.scheduledAt!));
    let claimed = new Map(claims.map((claim) => [claim.at, claim]));
    const open = (at: string): { open: boolean; replacing?: string } => {
      if (due.has(at)) return { open: false };
      const held = claimed.get(at);
      if (!held || held.postId === postId) return { open: true };
      // Its post is not due then (`due` would say): a request still writing it, or a claim left behind.
      return now.getTime() - Date.parse(held.claimedAt) < STALE_CLAIM_MS ? { open: false } : { open: true, replacing: held.postId };
    };
    for (let losses = 0; ; losses++) {
      const free = candidates.map((candidate) => candidate.toISOString()).filter((at) => open(at).open);
      if (free.length === 0) break;
      // The earliest free slot; after a loss to concurrent requests, one of the next few at random, so a
      // burst of requests spreads over the slots instead of all trying the same one again.
      const at = free[losses === 0 ? 0 : Math.floor(random() * Math.min(free.length, 1 + losses * 2))]!;
      const { replacing } = open(at);
      if (await deps.queueStore.claim(userId, { channel: schedule.channel, at, postId, claimedAt: now.toISOString() }, replacing)) return at;
      const fresh = await deps.queueStore.listClaims(userId, schedule.channel, range);
      claimed = new Map(fresh.map((claim) => [claim.at, claim]));
    }
    look = new Date(candidates.at(-1)!.getTime() + 60_000);
  }
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
