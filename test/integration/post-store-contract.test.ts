import { randomUUID } from 'node:crypto';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { CursorCodec } from '@lambdas/adapters/cursor-codec';
import { DynamoPostStore } from '@lambdas/adapters/dynamodb/post-store';
import { DynamoMediaStore } from '@lambdas/adapters/dynamodb/media-store';
import { DynamoUserStore } from '@lambdas/adapters/dynamodb/user-store';
import { AccountGoneError, StaleWriteError, ValidationError } from '@lambdas/core/errors';
import { newId } from '@lambdas/core/ids';
import { revise, type Post } from '@lambdas/core/posts/post';
import { MediaUnavailableError, ScheduledPostsCapError, expectedOf, type PostStore } from '@lambdas/core/ports/post-store';
import { newMediaId } from '@lambdas/core/media/media';
import { postCountAttribute } from '@lambdas/core/users/user';
import { POST_STATUSES } from '@contract/api/posts';
import type { UserStore } from '@lambdas/core/ports/user-store';
import { MemoryPostStore } from '../support/memory-post-store';
import { MemoryUserStore } from '../support/memory-stores';
import { createTestTable } from './support/test-table';

/**
 * The memory post store of the unit tests (test/support/memory-post-store.ts)
 * and the DynamoDB adapter, put through the same scenarios: conditional writes,
 * the scheduled-post counter and its cap, lists by status with cursors. Any
 * difference is the twin drifting from the real store, which would let the
 * unit tests pass where production fails.
 */
interface Stores {
  posts: PostStore;
  /** The same store without a cursor codec (as functions that never hand out a cursor once had). */
  postsWithoutCursors: PostStore;
  users: UserStore;
  /** Removes a profile, as the deletion of an account does first. */
  removeProfile(userId: string): Promise<void>;
  /** Removes a post item, as the deletion job's sweep of the user's data does after the profile. */
  sweepPost(userId: string, postId: string): Promise<void>;
}

const codec = new CursorCodec('contract-test-cursor-signing-key');
const implementations: [string, () => Promise<Stores>][] = [
  [
    'MemoryPostStore',
    async () => {
      const users = new MemoryUserStore();
      const items = new Map<string, Post>();
      const posts = new MemoryPostStore(users, codec, items);
      return {
        posts,
        postsWithoutCursors: posts.withCursors(undefined),
        users,
        removeProfile: async (userId) => void users.profiles.delete(userId),
        sweepPost: async (userId, postId) => void items.delete(`${userId}|${postId}`),
      };
    },
  ],
  [
    'DynamoPostStore',
    async () => {
      const { db, tableName } = await createTestTable();
      return {
        posts: new DynamoPostStore(db, tableName, codec),
        postsWithoutCursors: new DynamoPostStore(db, tableName),
        users: new DynamoUserStore(db, tableName),
        removeProfile: async (userId) => void (await db.send(new DeleteCommand({ TableName: tableName, Key: { PK: `USER#${userId}`, SK: 'PROFILE' } }))),
        sweepPost: async (userId, postId) => void (await db.send(new DeleteCommand({ TableName: tableName, Key: { PK: `USER#${userId}`, SK: `POST#${postId}` } }))),
      };
    },
  ],
];

const T0 = Date.parse('2026-11-25T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

describe.each(implementations)('%s', (_, make) => {
  let stores: Stores;
  beforeAll(async () => {
    stores = await make();
  });

  /** A fresh user (with a profile unless `profile: false`) and `count` drafts created a minute apart. */
  async function userWithDrafts(count: number, profile = true): Promise<{ userId: string; drafts: Post[] }> {
    const userId = `user-${randomUUID()}`;
    if (profile) await stores.users.createIfAbsent({ userId, email: `${userId}@example.com`, tier: 'free', createdAt: at(0), timezone: null });
    const drafts: Post[] = [];
    for (let i = 0; i < count; i++) {
      const created = new Date(T0 + i * 60_000);
      const draft: Post = { userId, id: newId(created), content: `post ${i}`, status: 'draft', scheduledAt: null, publishedAt: null, linkedinUrn: null, error: null, createdAt: created.toISOString(), updatedAt: created.toISOString(), version: 1 };
      await stores.posts.create(draft);
      drafts.push(draft);
    }
    return { userId, drafts };
  }

  const schedule = (post: Post, scheduledAt: string, cap?: number) =>
    stores.posts.update(revise(post, { status: 'scheduled', scheduledAt }, new Date(T0)), expectedOf(post), cap === undefined ? {} : { scheduledPostsCap: cap });
  const counter = async (userId: string) => (await stores.users.get(userId))?.scheduledPosts ?? 0;
  const ids = (posts: Post[]) => posts.map((post) => post.id);

  it('creates a post once, and never as scheduled', async () => {
    const { drafts } = await userWithDrafts(1);
    await expect(stores.posts.create(drafts[0]!)).rejects.toBeInstanceOf(StaleWriteError);
    await expect(stores.posts.create({ ...drafts[0]!, id: newId(new Date(T0)), status: 'scheduled', scheduledAt: at(5) })).rejects.toThrow('Create posts as drafts');
  });

  it('updates only on the expected status and version (StaleWriteError otherwise), and stores what it is given', async () => {
    const { userId, drafts } = await userWithDrafts(1);
    const [draft] = drafts as [Post];
    const edited = revise(draft, { content: 'edited', leaseUntil: undefined }, new Date(T0));

    await expect(stores.posts.update(edited, { status: 'draft', version: 2, scheduledAt: null })).rejects.toBeInstanceOf(StaleWriteError);
    await expect(stores.posts.update(edited, { status: 'scheduled', version: 1, scheduledAt: null })).rejects.toBeInstanceOf(StaleWriteError);
    await expect(stores.posts.update({ ...edited, id: newId(new Date(T0)) }, { status: 'draft', version: 1, scheduledAt: null })).rejects.toBeInstanceOf(StaleWriteError);
    await stores.posts.update(edited, { status: 'draft', version: 1, scheduledAt: null });
    await expect(stores.posts.update(edited, { status: 'draft', version: 1, scheduledAt: null })).rejects.toBeInstanceOf(StaleWriteError);

    const stored = await stores.posts.get(userId, draft.id);
    expect(stored).toEqual({ ...draft, content: 'edited', version: 2 });
    expect(stored && 'leaseUntil' in stored).toBe(false);
  });

  it('moves the profile\'s counter with every write into and out of scheduled, refusing at the cap; a stale write wins over the cap', async () => {
    const { userId, drafts } = await userWithDrafts(3);
    const [a, b, c] = drafts as [Post, Post, Post];

    await schedule(a, at(10), 2);
    await schedule(b, at(20), 2);
    expect(await counter(userId)).toBe(2);
    await expect(schedule(c, at(30), 2)).rejects.toEqual(new ScheduledPostsCapError(2));
    await expect(schedule({ ...c, version: 7 }, at(30), 2)).rejects.toBeInstanceOf(StaleWriteError);
    // Without a cap (a post released for a retry), the write is never refused.
    await schedule(c, at(30));
    expect(await counter(userId)).toBe(3);

    const scheduledA = (await stores.posts.get(userId, a.id))!;
    await stores.posts.update(revise(scheduledA, { status: 'publishing' }, new Date(T0)), scheduledA);
    await stores.posts.delete(userId, b.id, { status: 'scheduled', version: 2, scheduledAt: at(20) });
    await expect(stores.posts.delete(userId, c.id, { status: 'scheduled', version: 1, scheduledAt: at(30) })).rejects.toBeInstanceOf(StaleWriteError);
    expect(await counter(userId)).toBe(1);
    expect(await stores.posts.get(userId, b.id)).toBeUndefined();
  });

  it('refuses every write of a user whose profile is gone (a deleted account), the publisher\'s included', async () => {
    const { userId, drafts } = await userWithDrafts(2);
    const [a, b] = drafts as [Post, Post];
    await schedule(b, at(10));
    await stores.removeProfile(userId);
    const draft: Post = { ...a, id: newId(new Date(T0)) };
    await expect(stores.posts.create(draft)).rejects.toBeInstanceOf(AccountGoneError);
    await expect(stores.posts.update(revise(a, { content: 'edited' }, new Date(T0)), a)).rejects.toBeInstanceOf(AccountGoneError);
    await expect(schedule(a, at(20), 5)).rejects.toBeInstanceOf(AccountGoneError);
    const scheduledB = (await stores.posts.get(userId, b.id))!;
    // A claim by the publisher: refused, so nothing goes out for an account that is gone.
    await expect(stores.posts.update(revise(scheduledB, { status: 'publishing' }, new Date(T0)), scheduledB)).rejects.toBeInstanceOf(AccountGoneError);
    await expect(stores.posts.delete(userId, a.id, a)).rejects.toBeInstanceOf(AccountGoneError);
    // A stale write is still a stale write (the post's condition is judged first).
    await expect(stores.posts.update(revise(a, { content: 'x' }, new Date(T0)), { ...a, version: 9 })).rejects.not.toBeInstanceOf(AccountGoneError);
  });

  it('writes an edit whose owner was read just before (ownerChecked) as the post alone when it moves no count, media or instant', async () => {
    const { userId, drafts } = await userWithDrafts(2);
    const [a, b] = drafts as [Post, Post];
    await schedule(b, at(10));
    const scheduledB = (await stores.posts.get(userId, b.id))!;
    const profileBefore = await stores.users.get(userId);
    await expect(stores.posts.update(revise(a, { content: 'x' }, new Date(T0)), { ...a, version: 9 }, { ownerChecked: true })).rejects.toBeInstanceOf(StaleWriteError);
    await stores.removeProfile(userId);
    // The account is deleted between the edit's read and its write: the edit lands on the post, which the deletion's sweep then erases.
    const edited = revise(a, { content: 'edited during the deletion' }, new Date(T0));
    await stores.posts.update(edited, a, { ownerChecked: true });
    expect((await stores.posts.get(userId, a.id))?.content).toBe('edited during the deletion');
    // A scheduled post's text edit keeps its instant: the post alone too. Its status moving is not (the profile's counts move with it).
    const textOfB = revise(scheduledB, { content: 'still due' }, new Date(T0));
    await stores.posts.update(textOfB, scheduledB, { ownerChecked: true });
    await expect(stores.posts.update(revise(textOfB, { status: 'draft', scheduledAt: null }, new Date(T0)), textOfB, { ownerChecked: true })).rejects.toBeInstanceOf(AccountGoneError);
    // Without ownerChecked, the same edit is refused: the profile is in its transaction.
    await expect(stores.posts.update(revise(edited, { content: 'again' }, new Date(T0)), edited)).rejects.toBeInstanceOf(AccountGoneError);
    await stores.sweepPost(userId, a.id);
    await expect(stores.posts.update(revise(edited, { content: 'again' }, new Date(T0)), edited, { ownerChecked: true })).rejects.toBeInstanceOf(StaleWriteError);
    expect(await stores.posts.get(userId, a.id)).toBeUndefined();
    expect(profileBefore?.scheduledPosts).toBe(1);
  });

  it('counts the user\'s posts by status on the profile, in the same write as each create, status change and delete', async () => {
    const { userId, drafts } = await userWithDrafts(4);
    const [a, b, c, d] = drafts as [Post, Post, Post, Post];
    const counts = async () => {
      const profile = (await stores.users.get(userId))!;
      return Object.fromEntries(POST_STATUSES.map((status) => [status, profile[postCountAttribute(status)] ?? 0]));
    };
    expect(await counts()).toEqual({ draft: 4, scheduled: 0, waiting: 0, publishing: 0, published: 0, failed: 0 });

    await schedule(a, at(10));
    await schedule(b, at(20));
    const scheduledA = (await stores.posts.get(userId, a.id))!;
    const claimedA = revise(scheduledA, { status: 'publishing' }, new Date(T0));
    await stores.posts.update(claimedA, scheduledA);
    await stores.posts.update(revise(claimedA, { status: 'failed' }, new Date(T0)), claimedA);
    const scheduledB = (await stores.posts.get(userId, b.id))!;
    await stores.posts.update(revise(scheduledB, { status: 'waiting' }, new Date(T0)), scheduledB);
    // An edit keeps the status: no count moves (the transaction only checks the profile).
    await stores.posts.update(revise(c, { content: 'edited' }, new Date(T0)), c);
    await stores.posts.delete(userId, d.id, d);
    expect(await counts()).toEqual({ draft: 1, scheduled: 0, waiting: 1, publishing: 0, published: 0, failed: 1 });

    // A write that loses its race moves nothing.
    await expect(stores.posts.delete(userId, d.id, d)).rejects.toBeInstanceOf(StaleWriteError);
    await expect(stores.posts.update(revise(c, { status: 'scheduled', scheduledAt: at(5) }, new Date(T0)), c)).rejects.toBeInstanceOf(StaleWriteError);
    expect(await counts()).toEqual({ draft: 1, scheduled: 0, waiting: 1, publishing: 0, published: 0, failed: 1 });
  });

  it('lists the scheduled soonest first within [from, to), a page at a time, with cursors bound to the query', async () => {
    const { userId, drafts } = await userWithDrafts(4);
    for (const [i, draft] of drafts.entries()) await schedule(draft, at(10 * (i + 1)));
    const [p10, p20, p30, p40] = ids(drafts);

    expect(ids((await stores.posts.list(userId, { status: 'scheduled', limit: 10 })).items)).toEqual([p10, p20, p30, p40]);
    expect(ids((await stores.posts.list(userId, { status: 'scheduled', from: at(20), to: at(40), limit: 10 })).items)).toEqual([p20, p30]);
    expect(ids((await stores.posts.list(userId, { status: 'scheduled', to: at(30), limit: 10 })).items)).toEqual([p10, p20]);
    expect(ids((await stores.posts.list(userId, { status: 'scheduled', from: at(30), limit: 10 })).items)).toEqual([p30, p40]);
    expect((await stores.posts.list(userId, { status: 'draft', limit: 10 })).items).toEqual([]);

    const query = { status: 'scheduled' as const, to: at(35), limit: 2 };
    const first = await stores.posts.list(userId, query);
    expect(ids(first.items)).toEqual([p10, p20]);
    // A full page has a cursor even when nothing follows: the store does not look ahead.
    const second = await stores.posts.list(userId, { ...query, cursor: first.nextCursor! });
    expect(second).toEqual({ items: [expect.objectContaining({ id: p30 })], nextCursor: null });
    const exact = await stores.posts.list(userId, { status: 'scheduled', from: at(30), limit: 2 });
    expect(exact.nextCursor).not.toBeNull();
    expect(await stores.posts.list(userId, { status: 'scheduled', from: at(30), limit: 2, cursor: exact.nextCursor! })).toEqual({ items: [], nextCursor: null });

    await expect(stores.posts.list(userId, { ...query, to: at(40), cursor: first.nextCursor! })).rejects.toBeInstanceOf(ValidationError);
    await expect(stores.posts.list('someone-else', { ...query, cursor: first.nextCursor! })).rejects.toBeInstanceOf(ValidationError);
  });

  it('lists every post newest-created first without a status', async () => {
    const { userId, drafts } = await userWithDrafts(3);
    await schedule(drafts[0]!, at(10));
    const page = await stores.posts.list(userId, { limit: 2 });
    expect(ids(page.items)).toEqual(ids(drafts).reverse().slice(0, 2));
    expect(ids((await stores.posts.list(userId, { limit: 2, cursor: page.nextCursor! })).items)).toEqual([drafts[0]!.id]);
  });

  it('without a cursor codec, lists what fits in one page and throws where a cursor would be needed', async () => {
    const { userId, drafts } = await userWithDrafts(2);
    expect(ids((await stores.postsWithoutCursors.list(userId, { limit: 3 })).items)).toEqual(ids(drafts).reverse());
    await expect(stores.postsWithoutCursors.list(userId, { limit: 2 })).rejects.toThrow('This post store has no cursor codec');
  });

  it('lists due posts (scheduled or publishing) of every user in [from, to), earliest first', async () => {
    const { userId, drafts } = await userWithDrafts(4);
    // Far from the other tests' due times, so only these posts fall in the range.
    const base = 60 * 24 * 400;
    await schedule(drafts[0]!, at(base + 10));
    await schedule(drafts[1]!, at(base + 70));
    await schedule(drafts[2]!, at(base + 130));
    const due = (await stores.posts.get(userId, drafts[1]!.id))!;
    await stores.posts.update(revise(due, { status: 'publishing', leaseUntil: at(base + 72) }, new Date(T0)), due);

    const listed = await stores.posts.listDue({ from: at(base), to: at(base + 130) });
    expect(listed.map((post) => [post.id, post.status])).toEqual([
      [drafts[0]!.id, 'scheduled'],
      [drafts[1]!.id, 'publishing'],
    ]);
  });
});

/**
 * Media (issue 11) and post counts (issue 12) in DynamoDB: a post write's media
 * items (attach, require, detach, delete) and its count change are one
 * transaction — the profile, the post and each file are distinct items, so no
 * item is touched twice — and a file that fails its condition moves no count.
 * DynamoDB only: the memory twin keeps no media items.
 */
describe('DynamoPostStore: media items and post counts in one transaction', () => {
  it('attaches, checks, detaches and deletes files in the same write that moves the counts, and moves nothing when a file fails', async () => {
    const { db, tableName } = await createTestTable();
    const posts = new DynamoPostStore(db, tableName);
    const users = new DynamoUserStore(db, tableName);
    const media = new DynamoMediaStore(db, tableName);
    const userId = `user-${randomUUID()}`;
    const now = new Date(T0);
    await users.createIfAbsent({ userId, email: `${userId}@example.com`, tier: 'free', createdAt: at(0), timezone: null });
    const counts = async () => {
      const profile = (await users.get(userId))!;
      return Object.fromEntries(POST_STATUSES.map((status) => [status, profile[postCountAttribute(status)] ?? 0]));
    };
    const readyImage = async (i: number) => {
      const item = { userId, id: newMediaId('image', new Date(T0 + i)), kind: 'image' as const, status: 'pending' as const, contentType: 'image/png', size: 10, fileName: `${i}.png`, width: null, height: null, pages: null, durationSeconds: null, postId: null, createdAt: at(0), updatedAt: at(0) };
      await media.create(item);
      await media.markReady({ ...item, status: 'ready', width: 4, height: 4 });
      return item.id;
    };
    // The most a post carries (20 images), and 20 more to swap them for: 2 + 40 items in one edit.
    const first = await Promise.all(Array.from({ length: 20 }, (_, i) => readyImage(i)));
    const second = await Promise.all(Array.from({ length: 20 }, (_, i) => readyImage(100 + i)));
    const draft: Post = { userId, id: newId(now), content: 'twenty images', status: 'draft', scheduledAt: null, publishedAt: null, linkedinUrn: null, error: null, createdAt: at(0), updatedAt: at(0), version: 1, media: first.map((id) => ({ id, altText: '' })) };

    await posts.create(draft, { media: { attach: first } });
    expect(await counts()).toMatchObject({ draft: 1 });
    expect((await media.get(userId, first[19]!))!.postId).toBe(draft.id);

    // Scheduling re-checks every file in the write that moves the post from draft to scheduled.
    const scheduled = revise(draft, { status: 'scheduled', scheduledAt: at(30) }, now);
    await posts.update(scheduled, draft, { scheduledPostsCap: 10, media: { require: first } });
    expect(await counts()).toMatchObject({ draft: 0, scheduled: 1 });

    // A file no longer there: the whole write is refused, naming it, and no count moves.
    await media.deleteUnattached(userId, second[0]!);
    const swapped = revise(scheduled, { status: 'draft', scheduledAt: null, media: second.map((id) => ({ id, altText: '' })) }, now);
    const swap = { attach: second, detach: first, detachedExpireAt: Math.floor(T0 / 1000) + 86_400 };
    await expect(posts.update(swapped, scheduled, { media: swap })).rejects.toEqual(new MediaUnavailableError(second[0]!));
    expect(await counts()).toMatchObject({ draft: 0, scheduled: 1 });
    expect((await posts.get(userId, draft.id))!.status).toBe('scheduled');

    // Every file swapped and the status changed, in one transaction (42 items).
    const replacement = await readyImage(200);
    const all = [replacement, ...second.slice(1)];
    const edited = revise(scheduled, { status: 'draft', scheduledAt: null, media: all.map((id) => ({ id, altText: '' })) }, now);
    await posts.update(edited, scheduled, { media: { ...swap, attach: all } });
    expect(await counts()).toMatchObject({ draft: 1, scheduled: 0 });
    expect((await media.get(userId, first[0]!))!.postId).toBeNull();
    expect((await media.get(userId, all[19]!))!.postId).toBe(draft.id);

    // Deleting the post deletes its files and takes it out of the counts, together.
    await posts.delete(userId, draft.id, edited, { media: { delete: all } });
    expect(await counts()).toMatchObject({ draft: 0, scheduled: 0 });
    expect(await media.getMany(userId, all)).toEqual([]);
  });
});
