import type { Post } from '../posts/post';
import type { PostingSchedule } from '../queue/posting-schedule';
import type { Expected } from './post-store';

/**
 * A slot taken by a queued post. The post (its `scheduledAt` and `queue`) is
 * the truth; the claim is what makes taking a slot a conditional write, so two
 * requests queueing at once never get the same one. A claim whose post is not
 * at its time (left by a crash, or by a post unscheduled or rescheduled by
 * hand) is stale once older than `STALE_CLAIM_MS`, and may then be taken over.
 */
export interface SlotClaim {
  channel: string;
  /** ISO instant of the slot. */
  at: string;
  postId: string;
  claimedAt: string;
}

/** Long enough for any request that claimed a slot to have written its post. */
export const STALE_CLAIM_MS = 2 * 60_000;

/** A post moved within the queue, written only if it is still at the expected status and version. */
export interface QueuedWrite {
  next: Post;
  expected: Expected;
}

/** One read of the queue's index: the channel's schedule with its zone, and the scheduled posts from `from` on. */
export interface QueueRead {
  /** Absent when the index holds no schedule with a zone for the channel (none saved, and no zone set since schedules kept one): read it from the account. */
  schedule?: { schedule: PostingSchedule; zone: string };
  /** Soonest first, due in [from, to), at most the limit asked for. */
  posts: Post[];
  /** Scheduled posts read that were due before `from` (a hint for the next page's read). */
  before: number;
}

/** Where posting schedules and slot claims live (the posts stay in the post store). */
export interface QueueStore {
  getSchedule(userId: string, channel: string): Promise<PostingSchedule | undefined>;
  /** Writes the schedule, read in `zone`, if its stored version is still `expectedVersion` (0: none stored), else StaleWriteError. */
  putSchedule(schedule: PostingSchedule, expectedVersion: number, zone: string): Promise<void>;
  /** Claims in [from, to), soonest first (a strongly consistent read). */
  listClaims(userId: string, channel: string, range: { from: string; to: string }): Promise<SlotClaim[]>;
  /**
   * Takes the slot for `claim.postId` if nobody holds it, the post already does,
   * or `replacing` (a holder the caller judged stale or is moving away) still does.
   * false when someone else holds it.
   */
  claim(userId: string, claim: SlotClaim, replacing?: string): Promise<boolean>;
  /** Lets the slot go if `postId` still holds it; never throws for a claim already gone or taken over. */
  release(userId: string, channel: string, at: string, postId: string): Promise<void>;
  /**
   * The channel's schedule and zone and the user's posts in status `scheduled` due in [from, to), in
   * one read of the index (eventually consistent, usually one call: it reads from the partition's
   * start, so it also passes the posts due before `from`; `skipped` says how many to expect).
   */
  readQueue(userId: string, channel: string, range: { from: string; to: string }, limit: number, skipped?: number): Promise<QueueRead>;
  /** The user's posts in status `scheduled` due in [from, to), soonest first, at most `limit` (eventually consistent). */
  listScheduled(userId: string, range: { from: string; to: string }, limit: number): Promise<Post[]>;
  /**
   * In one transaction: each post written if still at its expected status and
   * version (posts stay `scheduled`: no count changes), each claim set to its
   * post if its slot is free or held by `holder`, each listed claim removed if
   * still its post's. StaleWriteError when any condition fails: nothing is written.
   */
  move(userId: string, writes: QueuedWrite[], claims: { set: (SlotClaim & { holder?: string })[]; remove: { channel: string; at: string; postId: string }[] }): Promise<void>;
}
