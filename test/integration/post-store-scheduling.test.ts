import { describe, expect, it } from 'vitest';
import { expectedOf } from '@lambdas/core/ports/post-store';
import { CursorCodec } from '@lambdas/adapters/cursor-codec';
import { DynamoLinkedInConnectionStore } from '@lambdas/adapters/dynamodb/linkedin-connection-store';
import { DynamoAccountReader } from '@lambdas/adapters/dynamodb/account-reader';
import { DynamoPostStore } from '@lambdas/adapters/dynamodb/post-store';
import { DynamoUserStore } from '@lambdas/adapters/dynamodb/user-store';
import { ConflictError } from '@lambdas/core/errors';
import { createPost, deletePost } from '@lambdas/core/posts/post-use-cases';
import { publishNow, schedulePost, unschedulePost, type SchedulingDeps } from '@lambdas/core/posts/schedule-use-cases';
import type { PublishMessage, QueueMessage } from '@lambdas/core/publishing/publish-message';
import type { AuditLog } from '@lambdas/core/ports/audit-log';
import { ManualClock } from '../support/manual-clock';
import { createTestTable } from './support/test-table';

const noAudit: AuditLog = { append: async () => undefined, list: async () => [] };

async function setup() {
  const { db, tableName } = await createTestTable();
  const clock = new ManualClock('2026-11-25T10:00:00.000Z');
  const users = new DynamoUserStore(db, tableName);
  const posts = new DynamoPostStore(db, tableName, new CursorCodec('test-cursor-signing-key'));
  const connections = new DynamoLinkedInConnectionStore(db, tableName);
  const scheduled: PublishMessage[] = [];
  const sent: QueueMessage[] = [];
  const deps: SchedulingDeps & { audit: AuditLog } = {
    posts,
    clock,
    connections,
    accounts: new DynamoAccountReader(db, tableName),
    audit: noAudit,
    scheduler: {
      schedule: async (m) => void scheduled.push(m),
      cancel: async (m) => void scheduled.splice(scheduled.findIndex((s) => s.postId === m.postId && s.scheduledAt === m.scheduledAt) >>> 0, 1),
      remove: async () => undefined,
    },
    queue: { send: async (m) => void sent.push(m) },
  };
  const addUser = async (userId: string) => {
    await users.createIfAbsent({ userId, email: `${userId}@example.com`, tier: 'free', createdAt: clock.now().toISOString(), timezone: null });
    await connections.save({
      userId,
      memberUrn: `urn:li:person:${userId}`,
      name: userId,
      pictureUrl: null,
      encryptedAccessToken: 'x',
      expiresAt: '2027-01-01T00:00:00.000Z',
      status: 'connected',
      connectedAt: clock.now().toISOString(),
      updatedAt: clock.now().toISOString(),
    });
  };
  /** The counter on the profile, and the number of the user's posts in status scheduled: they must agree. */
  const counts = async (userId: string) => {
    const page = await posts.list(userId, { status: 'scheduled', limit: 100 });
    return { counter: (await users.get(userId))?.scheduledPosts ?? 0, scheduled: page.items.length };
  };
  return { deps, clock, posts, users, scheduled, sent, addUser, counts };
}

describe('the scheduled-post counter (profile.scheduledPosts), kept in the same transactions as the posts', () => {
  it('lets exactly `cap` (10) of 15 concurrent schedules through, and the counter equals the scheduled posts', async () => {
    const { deps, clock, addUser, counts } = await setup();
    await addUser('racer');
    const ids = (await Promise.all(Array.from({ length: 15 }, (_, i) => createPost(deps, 'racer', { content: `post ${i}` })))).map((post) => post.id);
    const at = new Date(clock.now().getTime() + 3_600_000).toISOString();
    const results = await Promise.allSettled(ids.map((id) => schedulePost(deps, 'racer', id, { scheduledAt: at }, 10)));
    const refused = results.filter((r) => r.status === 'rejected').map((r) => ((r as PromiseRejectedResult).reason as ConflictError).code);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(refused).toEqual(Array(5).fill('SCHEDULED_POSTS_CAP_REACHED'));
    expect(await counts('racer')).toEqual({ counter: 10, scheduled: 10 });
  });

  it('moves with every transition: schedule +1, reschedule 0, unschedule −1, delete −1, publish-now of a draft +1 (without the cap)', async () => {
    const { deps, clock, addUser, counts, sent } = await setup();
    await addUser('u');
    const at = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000).toISOString();
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map((n) => createPost(deps, 'u', { content: `p${n}` })));
    await schedulePost(deps, 'u', a!.id, { scheduledAt: at(10) }, 2);
    await schedulePost(deps, 'u', b!.id, { scheduledAt: at(10) }, 2);
    expect(await counts('u')).toEqual({ counter: 2, scheduled: 2 });
    await schedulePost(deps, 'u', a!.id, { scheduledAt: at(20) }, 2);
    expect(await counts('u')).toEqual({ counter: 2, scheduled: 2 });
    await expect(schedulePost(deps, 'u', c!.id, { scheduledAt: at(10) }, 2)).rejects.toMatchObject({ code: 'SCHEDULED_POSTS_CAP_REACHED' });
    await publishNow(deps, 'u', d!.id);
    expect(sent).toEqual([expect.objectContaining({ postId: d!.id })]);
    expect(await counts('u')).toEqual({ counter: 3, scheduled: 3 });
    await unschedulePost(deps, 'u', a!.id);
    expect(await counts('u')).toEqual({ counter: 2, scheduled: 2 });
    await deletePost(deps, 'u', b!.id);
    expect(await counts('u')).toEqual({ counter: 1, scheduled: 1 });
    await deletePost(deps, 'u', c!.id);
    expect(await counts('u')).toEqual({ counter: 1, scheduled: 1 });
  });

  it('removes the new schedule again when the post write is refused', async () => {
    const { deps, clock, addUser, scheduled } = await setup();
    await addUser('full');
    const [a, b] = await Promise.all([createPost(deps, 'full', { content: 'a' }), createPost(deps, 'full', { content: 'b' })]);
    const at = new Date(clock.now().getTime() + 600_000).toISOString();
    await schedulePost(deps, 'full', a.id, { scheduledAt: at }, 1);
    await expect(schedulePost(deps, 'full', b.id, { scheduledAt: at }, 1)).rejects.toBeInstanceOf(ConflictError);
    expect(scheduled.map((m) => m.postId)).toEqual([a.id]);
  });
});

describe('the due index (GSI2)', () => {
  it('lists scheduled and publishing posts of every user due in [from, to), across hour buckets, and nothing else', async () => {
    const { deps, clock, posts, addUser } = await setup();
    await addUser('a');
    await addUser('b');
    const at = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000).toISOString();
    const early = await createPost(deps, 'a', { content: 'early' });
    const late = await createPost(deps, 'b', { content: 'late' });
    const beyond = await createPost(deps, 'b', { content: 'beyond' });
    const draft = await createPost(deps, 'a', { content: 'draft' });
    await schedulePost(deps, 'a', early.id, { scheduledAt: at(30) }, 10);
    await schedulePost(deps, 'b', late.id, { scheduledAt: at(150) }, 10);
    await schedulePost(deps, 'b', beyond.id, { scheduledAt: at(240) }, 10);
    const claimed = (await posts.get('b', late.id))!;
    await posts.update({ ...claimed, status: 'publishing', leaseUntil: at(152), version: claimed.version + 1 }, expectedOf(claimed));

    const due = await posts.listDue({ from: at(0), to: at(240) });
    expect(due.map((p) => [p.id, p.status]).sort()).toEqual([[early.id, 'scheduled'], [late.id, 'publishing']].sort());
    expect(due.some((p) => p.id === draft.id)).toBe(false);
  });
});
