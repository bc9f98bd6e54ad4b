import type { CursorCodec } from '@lambdas/adapters/cursor-codec';
import { countChanges, writesPostAlone } from '@lambdas/adapters/dynamodb/post-store';
import { AccountGoneError, StaleWriteError } from '@lambdas/core/errors';
import { sortTimeOf, type Post } from '@lambdas/core/posts/post';
import { postCountAttribute } from '@lambdas/core/users/user';
import { ScheduledPostsCapError, type Expected, type ListQuery, type Page, type PostStore, type WriteOptions } from '@lambdas/core/ports/post-store';
import type { AuditEvent } from '@lambdas/core/ports/audit-log';
import type { MemoryUserStore } from './memory-stores';

/**
 * The PostStore of lambdas/adapters/dynamodb/post-store.ts, in memory, with its
 * semantics copied line for line, so a unit test cannot pass here and fail there:
 *  - every change to an existing post is conditional on status + version (StaleWriteError);
 *  - every write needs the owner's profile (AccountGoneError without one: the account is deleted);
 *  - a create, a delete and a write that changes the status move the owner's post counts
 *    (`<status>Posts`) on the profile (here: the MemoryUserStore's profile), and a write
 *    into `scheduled` with `scheduledPostsCap` refuses
 *    (ScheduledPostsCapError) at the cap; a stale post wins over the cap;
 *  - lists are newest first (by status: sort time `<sortTime>#<id>` within [from, to); else by id),
 *    and stop at `limit` with a cursor even when nothing follows (DynamoDB does not look ahead);
 *    cursors are signed and bound to the user and the query, and a store without a codec throws
 *    where the real one would have to hand one out;
 *  - items are stored as DynamoDB stores them: copies, with undefined attributes dropped.
 *
 * More forgiving in one way only: the real status and due indexes are eventually consistent.
 */
export class MemoryPostStore implements PostStore {
  /** Every successful write through this store, in order (what a test asserts a use case did). */
  readonly writes: { op: 'create' | 'update' | 'delete'; post: Post }[] = [];
  /** Audit entries written with a post write (WriteOptions.audit), in order: the real store puts them in the same transaction. */
  readonly audited: { userId: string; event: AuditEvent; at: string }[] = [];

  /** `users` holds the profiles whose post counts this store keeps; `cursors` as in the real store. */
  constructor(
    private readonly users: MemoryUserStore,
    private readonly cursors?: CursorCodec,
    private readonly posts = new Map<string, Post>(),
  ) {}

  /** The same posts through another store with its own cursor codec (or none), as two functions share one table. */
  withCursors(cursors?: CursorCodec): MemoryPostStore {
    return new MemoryPostStore(this.users, cursors, this.posts);
  }

  async create(post: Post): Promise<void> {
    if (post.status === 'scheduled') throw new Error('Create posts as drafts, then schedule them (the scheduled-post counter moves with the schedule)');
    if (this.posts.has(key(post.userId, post.id))) throw new StaleWriteError(`Post ${post.id} already exists`);
    this.count(post.userId, countChanges(undefined, post.status));
    this.put('create', post);
  }

  async get(userId: string, postId: string): Promise<Post | undefined> {
    const post = this.posts.get(key(userId, postId));
    return post ? stored(post) : undefined;
  }

  async list(userId: string, query: ListQuery): Promise<Page<Post>> {
    const binding = `posts|${userId}|${query.status ?? '*'}|${query.from ?? ''}|${query.to ?? ''}`;
    if (query.cursor && !this.cursors) throw new Error('This post store has no cursor codec');
    const after = query.cursor ? this.cursors!.decode<{ position: string }>(query.cursor, binding).position : undefined;
    const position = query.status ? (post: Post) => `${sortTimeOf(post)}#${post.id}` : (post: Post) => `POST#${post.id}`;
    const ascending = query.status === 'scheduled';
    const matching = [...this.posts.values()]
      .filter((post) => post.userId === userId && (!query.status || (post.status === query.status && inRange(position(post), query))))
      .map((post) => ({ post, position: position(post) }))
      // Newest first; what is scheduled, soonest first (as DynamoPostStore reads the index).
      .filter((entry) => after === undefined || (ascending ? entry.position > after : entry.position < after))
      .sort((a, b) => (a.position < b.position ? 1 : a.position > b.position ? -1 : 0) * (ascending ? -1 : 1));
    const page = matching.slice(0, query.limit);
    const last = page.length === query.limit ? page.at(-1) : undefined;
    if (last && !this.cursors) throw new Error('This post store has no cursor codec');
    return {
      items: page.map((entry) => stored(entry.post)),
      nextCursor: last ? this.cursors!.encode({ position: last.position }, binding) : null,
    };
  }

  async update(next: Post, expected: Expected, options: WriteOptions = {}): Promise<void> {
    // The real store's rule: a post alone (its own put) has no profile in it.
    const postAlone = writesPostAlone(next, expected, options);
    this.expect(next.userId, next.id, expected, countChanges(expected.status, next.status), next.status === 'scheduled' ? options.scheduledPostsCap : undefined, postAlone);
    this.put('update', next);
    this.audit(next.userId, options);
  }

  async delete(userId: string, postId: string, expected: Expected, options: Pick<WriteOptions, 'audit'> = {}): Promise<void> {
    const current = this.posts.get(key(userId, postId));
    this.expect(userId, postId, expected, countChanges(expected.status, undefined));
    this.posts.delete(key(userId, postId));
    this.writes.push({ op: 'delete', post: stored(current!) });
    this.audit(userId, options);
  }

  private audit(userId: string, options: Pick<WriteOptions, 'audit'>): void {
    if (options.audit) this.audited.push({ userId, event: options.audit.event, at: options.audit.at.toISOString() });
  }

  async listDue(range: { from: string; to: string }): Promise<Post[]> {
    return [...this.posts.values()]
      .filter((post) => (post.status === 'scheduled' || post.status === 'publishing') && post.scheduledAt)
      .map((post) => ({ post, position: `${post.scheduledAt}#${post.userId}#${post.id}` }))
      .filter((entry) => entry.position >= range.from && entry.position <= range.to)
      .sort((a, b) => (a.position < b.position ? -1 : 1))
      .map((entry) => stored(entry.post));
  }

  /** The condition of a write (and, when it moves the counts, of the transaction), checked in DynamoDB's order; moves the counts. A post alone (ownerChecked) has no profile in it. */
  private expect(userId: string, postId: string, expected: Expected, changes: ReturnType<typeof countChanges>, cap?: number, postAlone = false): void {
    const current = this.posts.get(key(userId, postId));
    if (!current || current.status !== expected.status || current.version !== expected.version) throw new StaleWriteError();
    if (!postAlone) this.count(userId, changes, cap);
  }

  /** The profile half of the transaction: exists, below the cap when a post enters `scheduled` with one, then ADD each change. */
  private count(userId: string, changes: ReturnType<typeof countChanges>, cap?: number): void {
    const profile = this.users.profiles.get(userId);
    if (!profile) throw new AccountGoneError();
    if (changes.length === 0) return;
    const entersScheduled = changes.some((change) => change.status === 'scheduled' && change.delta > 0);
    if (entersScheduled && cap !== undefined && profile.scheduledPosts !== undefined && profile.scheduledPosts >= cap) throw new ScheduledPostsCapError(cap);
    for (const { status, delta } of changes) profile[postCountAttribute(status)] = (profile[postCountAttribute(status)] ?? 0) + delta;
  }

  private put(op: 'create' | 'update', post: Post): void {
    this.posts.set(key(post.userId, post.id), stored(post));
    this.writes.push({ op, post: stored(post) });
  }
}

function key(userId: string, postId: string): string {
  return `${userId}|${postId}`;
}

/** A copy as DynamoDB keeps it (the document client drops undefined attributes). */
function stored(post: Post): Post {
  return JSON.parse(JSON.stringify(post)) as Post;
}

/** The GSI1 key condition: BETWEEN from AND to (both given), `>= from`, or `< to`. */
function inRange(position: string, query: ListQuery): boolean {
  if (query.from !== undefined && query.to !== undefined) {
    // DynamoDB refuses a BETWEEN whose bounds are the wrong way round (a ValidationException).
    if (query.from > query.to) throw new Error('Invalid KeyConditionExpression: the BETWEEN bounds are in the wrong order');
    return position >= query.from && position <= query.to;
  }
  if (query.from !== undefined) return position >= query.from;
  if (query.to !== undefined) return position < query.to;
  return true;
}
