import type { Post } from '../posts/post';
import type { AuditedWrite } from './audit-log';
import type { PostStatus } from '../../contract/api/posts';

export interface PageRequest {
  limit: number;
  /** Opaque, signed cursor from a previous page; bound to the user and the query. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What a conditional write expects of the stored post: its status and version, and its time (the instant it gives up when it leaves it). */
export interface Expected {
  status: PostStatus;
  version: number;
  /** The post's `scheduledAt` as read: the store lets go of that instant in the taken instants when the post leaves it. */
  scheduledAt: string | null;
}

/** What a write of `post`, as it was read, expects. */
export function expectedOf(post: Pick<Post, 'status' | 'version' | 'scheduledAt'>): Expected {
  return { status: post.status, version: post.version, scheduledAt: post.scheduledAt };
}

export interface ListQuery extends PageRequest {
  status?: PostStatus;
  /** With `status`: only posts whose sort time is at or after this ISO instant. */
  from?: string;
  /** With `status`: only posts whose sort time is before this ISO instant. */
  to?: string;
}

export interface WriteOptions extends AuditedWrite {
  /**
   * When the write moves the post into `scheduled`, refuse it (ScheduledPostsCapError)
   * if the owner already has this many scheduled posts. Without it the counter moves
   * but nothing is refused (a post released for a retry must always get back in).
   */
  scheduledPostsCap?: number;
  /** Media the write attaches, detaches or needs, in the same transaction as the post (see MediaWrite). */
  media?: MediaWrite;
  /**
   * The post takes a new instant only if no other scheduled post of the owner is due then
   * (the queue: one post per slot); else InstantTakenError, and nothing is written.
   */
  instantMustBeFree?: boolean;
  /**
   * The caller read the owner's profile with the post just before (the editor's
   * save: AccountReader, one call), so a write that moves no count, no media and
   * not the post's instant need not check it again: it is the post's own
   * conditional put, not a transaction with the profile (in DynamoDB 1 write
   * unit instead of 4). An account deleted in between is still erased whole: the
   * put holds only while the post exists, and the deletion job sweeps every post
   * after the profile. Other writes keep the profile in their transaction.
   */
  ownerChecked?: boolean;
}

/** The write needed the post's new instant free, and another scheduled post of the owner is due then (nothing was written). */
export class InstantTakenError extends Error {
  constructor(readonly at: string) {
    super(`Another scheduled post is due at ${at}`);
    this.name = 'InstantTakenError';
  }
}

/**
 * What a post write does to media items, atomically with the post: `attach`
 * (each must be ready and attached to no other post: it becomes this post's and
 * stops expiring), `require` (each must still be ready and this post's: schedule
 * and publish now), `detach` (no longer this post's: expires at `detachedExpireAt`),
 * `delete` (the post is deleted: so are they). A condition that fails is a
 * MediaUnavailableError naming the item.
 */
export interface MediaWrite {
  attach?: readonly string[];
  require?: readonly string[];
  detach?: readonly string[];
  delete?: readonly string[];
  /** Epoch seconds (DynamoDB TTL) a detached item expires at. */
  detachedExpireAt?: number;
}

/** A media item a post write needed was missing, not ready, or another post's (the write was not made). */
export class MediaUnavailableError extends Error {
  constructor(readonly mediaId: string) {
    super(`Media ${mediaId} is missing, not ready or attached to another post`);
    this.name = 'MediaUnavailableError';
  }
}

/** The owner's scheduled-post counter is at the cap (the write was not made). */
export class ScheduledPostsCapError extends Error {
  constructor(readonly cap: number) {
    super(`The scheduled-post cap (${cap}) is reached`);
    this.name = 'ScheduledPostsCapError';
  }
}

/**
 * Where posts live. Every write that changes an existing post is conditional.
 *
 * The store also keeps the owner's post counts by status (`<status>Posts` on the
 * profile item, see core/users/user.ts) equal to the number of their posts in
 * each status: any write that creates or deletes a post or moves it between
 * statuses changes the counts in the same transaction, so no caller can forget
 * them, no race can push `scheduledPosts` past a cap, and the counts cost no
 * request of their own. A post therefore needs its owner's profile to exist.
 *
 * In the same way it keeps the owner's taken instants (see TakenInstants in
 * queue-store.ts): every write that moves a post into, out of or within
 * `scheduled` moves its id between the instants in the same transaction, so the
 * queue knows every taken slot from one item.
 */
export interface PostStore {
  /** Fails (StaleWriteError) if a post with the same id exists, and throws if its owner has no profile; `options.media.attach` attaches its media. */
  create(post: Post, options?: Pick<WriteOptions, 'media'>): Promise<void>;
  get(userId: string, postId: string): Promise<Post | undefined>;
  /** Newest first; by status when given (GSI1, optionally within a sort-time range), else by creation (main table). */
  list(userId: string, query: ListQuery): Promise<Page<Post>>;
  /** Replaces the post if it still has the expected status and version, else StaleWriteError. */
  update(next: Post, expected: Expected, options?: WriteOptions): Promise<void>;
  /** Deletes the post if it still has the expected status and version, else StaleWriteError; `options.media.delete` deletes its media items with it. */
  delete(userId: string, postId: string, expected: Expected, options?: Pick<WriteOptions, 'audit' | 'media'>): Promise<void>;
  /**
   * Every user's posts that are `scheduled` or `publishing` with a due time in
   * [from, to) (ISO instants), from the sparse due index (eventually consistent:
   * re-read a post before acting on it).
   */
  listDue(range: { from: string; to: string }): Promise<Post[]>;
}
