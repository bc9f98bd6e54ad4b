import type { Post } from '../posts/post';
import type { PostingSchedule } from '../queue/posting-schedule';
import type { Expected } from './post-store';

/**
 * The instants at which the user's scheduled posts are due, each with the ids of the
 * posts due then, in one item the post store keeps in the transaction of every post
 * write (a post that becomes, stops being or moves while `scheduled`). So the queue
 * reads every taken slot in the same read as the post and the schedule, and takes
 * one with a condition on that instant (`instantMustBeFree`): of two requests
 * queueing at once, one gets the slot and the other is told to pick again.
 */
export interface TakenInstants {
  /**
   * false for an account made before the item was kept (its scheduled posts are not all
   * in it yet): build it once from the posts (QueueStore.buildTaken) before trusting it.
   */
  complete: boolean;
  /** Moves with every change of the item; building it is conditioned on the revision read. */
  revision: number;
  /** ISO instant → ids of the scheduled posts due then. */
  posts: Map<string, string[]>;
}

/** An instant's posts changed by a move: written if they are still `expected` (empty: none), else StaleWriteError. */
export interface TakenChange {
  at: string;
  expected: string[];
  next: string[];
}

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

/** Where posting schedules and the taken instants live (the posts stay in the post store). */
export interface QueueStore {
  getSchedule(userId: string, channel: string): Promise<PostingSchedule | undefined>;
  /** Writes the schedule, read in `zone`, if its stored version is still `expectedVersion` (0: none stored), else StaleWriteError. */
  putSchedule(schedule: PostingSchedule, expectedVersion: number, zone: string): Promise<void>;
  /** The user's taken instants (a strongly consistent read). */
  getTaken(userId: string): Promise<TakenInstants>;
  /**
   * Builds the taken instants from the user's scheduled posts (a strongly consistent read of
   * them), if the item is still at `revision`, else StaleWriteError; returns them, complete.
   */
  buildTaken(userId: string, revision: number): Promise<TakenInstants>;
  /**
   * The channel's schedule and zone and the user's posts in status `scheduled` due in [from, to), in
   * one read of the index (eventually consistent, usually one call: it reads from the partition's
   * start, so it also passes the posts due before `from`; `skipped` says how many to expect).
   */
  readQueue(userId: string, channel: string, range: { from: string; to: string }, limit: number, skipped?: number): Promise<QueueRead>;
  /** The user's posts in status `scheduled` due in [from, to), soonest first, at most `limit` (eventually consistent). */
  listScheduled(userId: string, range: { from: string; to: string }, limit: number): Promise<Post[]>;
  /**
   * In one transaction: each post written if still at its expected status and version
   * (posts stay `scheduled`: no count changes), and each changed instant's posts set if
   * they are still as expected. StaleWriteError when any condition fails: nothing is written.
   */
  move(userId: string, writes: QueuedWrite[], taken: TakenChange[]): Promise<void>;
}
