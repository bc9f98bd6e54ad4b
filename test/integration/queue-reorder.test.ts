import { afterAll, describe, expect, it } from 'vitest';
import { connectLinkedIn, sandboxPostsOf } from './support/linkedin';
import { ManualClock } from '../support/manual-clock';
import { startTestApp, type ApiClient, type TestApp } from './support/test-runtime';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import { localDynamoClient } from '../../bin/runtime/dynamodb-local';

/** Reordering the queue (swaps, races), pause and resume, re-slotting (issue 13). */
const started: TestApp[] = [];
afterAll(async () => {
  for (const app of started) await app.stop();
});

// Wednesday 25 November 2026, 10:00 UTC; slots every weekday at 09:00 UTC.
const SLOTS = ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, time: '09:00' }));

async function setUp(slots = SLOTS) {
  const clock = new ManualClock('2026-11-25T10:00:00.000Z');
  const app = await startTestApp({ clock, publishing: { tickMs: 0 } });
  started.push(app);
  const user = await app.signIn();
  await connectLinkedIn(app, user);
  expect((await user.request('PUT', '/v1/me/schedule', { json: { slots } })).status).toBe(200);
  return { app, clock, user };
}

async function queued(user: ApiClient, count: number): Promise<{ id: string; at: string; content: string }[]> {
  const out = [];
  for (let i = 0; i < count; i++) {
    const content = `Queued ${i} ${Math.random()}`;
    const id = (await user.post('/v1/posts', { content })).body.id as string;
    const res = await user.post(`/v1/posts/${id}/queue`);
    expect(res.status).toBe(200);
    out.push({ id, at: res.body.scheduledAt as string, content });
  }
  return out;
}

function moveTo(clock: ManualClock, iso: string): void {
  clock.advance(Date.parse(iso) - clock.now().getTime());
}

async function timesOf(user: ApiClient, ids: string[]): Promise<string[]> {
  return Promise.all(ids.map(async (id) => (await user.get(`/v1/posts/${id}`)).body.scheduledAt as string));
}

describe('POST /v1/queue/reorder', () => {
  it('swaps the times of two queued posts, schedules included', async () => {
    const { app, user } = await setUp();
    const [a, b] = await queued(user, 2);
    const res = await user.post('/v1/queue/reorder', { postId: b!.id, at: a!.at });
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { id: string; scheduledAt: string }) => [p.id, p.scheduledAt])).toEqual([
      [b!.id, a!.at],
      [a!.id, b!.at],
    ]);
    expect(await timesOf(user, [a!.id, b!.id])).toEqual([b!.at, a!.at]);
    const pending = app.publishing.scheduler.pending().filter((m) => m.userId === user.userId);
    expect(pending).toEqual(
      expect.arrayContaining([
        { userId: user.userId, postId: b!.id, scheduledAt: a!.at },
        { userId: user.userId, postId: a!.id, scheduledAt: b!.at },
      ]),
    );
    expect(pending).toHaveLength(2);
  });

  it('moves a post onto an empty slot, and that slot only', async () => {
    const { user } = await setUp();
    const [a] = await queued(user, 1); // Thursday 26th
    const res = await user.post('/v1/queue/reorder', { postId: a!.id, at: '2026-12-01T09:00:00Z' });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect((await user.get(`/v1/posts/${a!.id}`)).body.scheduledAt).toBe('2026-12-01T09:00:00.000Z');
    // The slot it left is free again: the next post queued takes it.
    const [next] = await queued(user, 1);
    expect(next!.at).toBe(a!.at);
  });

  it('refuses a time that is no slot (400), a post not queued (409) and a slot held by a post scheduled by hand (409)', async () => {
    const { user } = await setUp();
    const [a] = await queued(user, 1);
    const notSlot = await user.post('/v1/queue/reorder', { postId: a!.id, at: '2026-12-01T10:00:00Z' });
    expect(notSlot.status).toBe(400);
    expect(notSlot.body.error.details).toEqual([{ field: 'at', message: 'is not a posting time of your schedule' }]);
    const byHand = (await user.post('/v1/posts', { content: 'by hand' })).body.id as string;
    await user.post(`/v1/posts/${byHand}/schedule`, { scheduledAt: '2026-12-01T09:00:00Z' });
    const held = await user.post('/v1/queue/reorder', { postId: a!.id, at: '2026-12-01T09:00:00Z' });
    expect(held.status).toBe(409);
    expect(held.body.error.code).toBe('SLOT_TAKEN');
    const notQueued = await user.post('/v1/queue/reorder', { postId: byHand, at: a!.at });
    expect(notQueued.status).toBe(409);
    expect(notQueued.body.error.code).toBe('POST_NOT_QUEUED');
  });

  it('under concurrent reorders, never leaves two posts in one slot; a lost race is 409 QUEUE_CHANGED saying to reload', async () => {
    const { user } = await setUp();
    const posts = await queued(user, 4);
    const slots = posts.map((p) => p.at);
    // Everyone moves at once: each post to every other post's slot.
    const moves = posts.flatMap((p) => slots.filter((at) => at !== p.at).map((at) => ({ postId: p.id, at })));
    const answers = await Promise.all(moves.map((move) => user.post('/v1/queue/reorder', move)));
    for (const res of answers) {
      expect([200, 409]).toContain(res.status);
      if (res.status === 409) {
        expect(['QUEUE_CHANGED', 'POST_NOT_QUEUED']).toContain(res.body.error.code);
        expect(res.body.error.message).toMatch(/[Rr]eload/);
      }
    }
    expect(answers.some((res) => res.status === 409)).toBe(true);
    const after = await timesOf(user, posts.map((p) => p.id));
    expect(new Set(after).size).toBe(4);
    expect([...after].sort()).toEqual([...slots].sort());
  });
});

describe('pause and resume', () => {
  it('holds every queued post while paused, and on resume sends a post whose slot passed at the next free one', async () => {
    const { app, clock, user } = await setUp();
    const [a, b] = await queued(user, 2); // Thu 26th, Fri 27th 09:00
    const paused = await user.post('/v1/queue/pause');
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ paused: true, pausedAt: clock.now().toISOString() });
    expect((await user.get('/v1/queue')).body.paused).toBe(true);

    moveTo(clock, '2026-11-26T09:05:00.000Z'); // a's slot has passed
    await app.publishing.step();
    await app.publishing.step();
    expect((await user.get(`/v1/posts/${a!.id}`)).body.status).toBe('scheduled');
    expect(sandboxPostsOf(app, a!.content)).toHaveLength(0);

    const resumed = await user.post('/v1/queue/resume');
    expect(resumed.body).toMatchObject({ paused: false, pausedAt: null });
    // a goes to the next free slot (Friday is b's): Monday 30th; b keeps its own.
    expect(await timesOf(user, [a!.id, b!.id])).toEqual(['2026-11-30T09:00:00.000Z', b!.at]);

    moveTo(clock, '2026-11-27T09:00:30.000Z');
    await app.publishing.step();
    await app.publishing.step();
    expect((await user.get(`/v1/posts/${b!.id}`)).body.status).toBe('published');
    expect(sandboxPostsOf(app, b!.content)).toHaveLength(1);
  });

  it('swaps only with the post the client names (swapWith): another one there is 409 QUEUE_CHANGED, nothing moved', async () => {
    const { user } = await setUp();
    const [a, b, c] = await queued(user, 3);
    const stale = await user.post('/v1/queue/reorder', { postId: c!.id, at: a!.at, swapWith: b!.id });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('QUEUE_CHANGED');
    expect(await timesOf(user, [a!.id, b!.id, c!.id])).toEqual([a!.at, b!.at, c!.at]);
    const named = await user.post('/v1/queue/reorder', { postId: c!.id, at: a!.at, swapWith: a!.id });
    expect(named.status).toBe(200);
    expect(await timesOf(user, [a!.id, b!.id, c!.id])).toEqual([c!.at, b!.at, a!.at]);
    expect((await user.post('/v1/queue/reorder', { postId: c!.id, at: b!.at, swapWith: 'not an id' })).status).toBe(400);
  });

  it('keeps the taken instants equal to the scheduled posts through queueing, swaps, rescheduling, unscheduling, deleting and publishing', async () => {
    const { app, user } = await setUp();
    const [a, b, c, d] = await queued(user, 4);
    expect((await user.post('/v1/queue/reorder', { postId: b!.id, at: a!.at, swapWith: a!.id })).status).toBe(200);
    expect((await user.post(`/v1/posts/${c!.id}/schedule`, { scheduledAt: '2026-12-24T15:00:00.000Z' })).status).toBe(200);
    expect((await user.post(`/v1/posts/${d!.id}/unschedule`)).status).toBe(200);
    expect((await user.delete(`/v1/posts/${d!.id}`)).status).toBe(204);
    expect((await user.post(`/v1/posts/${b!.id}/publish`)).status).toBe(202);
    await app.publishing.step();
    await app.publishing.step();
    expect((await user.get(`/v1/posts/${b!.id}`)).body.status).toBe('published');
    const db = createDocumentClient(localDynamoClient(app.dynamoEndpoint));
    const { Item } = await db.send(new GetCommand({ TableName: app.tableName, Key: { PK: `USER#${user.userId}`, SK: 'TAKEN' }, ConsistentRead: true }));
    const instants = Object.fromEntries(Object.entries(Item!).filter(([name]) => name.startsWith('@')).map(([name, ids]) => [name.slice(1), [...(ids as Set<string>)]]));
    expect(instants).toEqual({ [b!.at]: [a!.id], '2026-12-24T15:00:00.000Z': [c!.id] });
    // The slot the published post left is free again: the next queued post takes it.
    expect((await user.post(`/v1/posts/${(await user.post('/v1/posts', { content: 'Next' })).body.id}/queue`)).body.scheduledAt).toBe(a!.at);
  });

  it('publishes a queued post at once with publish now, even while the queue is paused', async () => {
    const { app, user } = await setUp();
    const [a] = await queued(user, 1);
    await user.post('/v1/queue/pause');
    expect((await user.post(`/v1/posts/${a!.id}/publish`)).status).toBe(202);
    await app.publishing.step();
    await app.publishing.step();
    expect((await user.get(`/v1/posts/${a!.id}`)).body).toMatchObject({ status: 'published', queue: null });
  });
});

describe('changing the posting times', () => {
  it('keeps queued posts at their times, unless asked to re-slot them (then in their order)', async () => {
    const { user } = await setUp();
    const posts = await queued(user, 3); // Thu 26, Fri 27, Mon 30
    const tuesdays = [{ day: 'tue', time: '18:00' }];
    expect((await user.request('PUT', '/v1/me/schedule', { json: { slots: tuesdays } })).status).toBe(200);
    expect(await timesOf(user, posts.map((p) => p.id))).toEqual(posts.map((p) => p.at));
    expect((await user.request('PUT', '/v1/me/schedule', { json: { slots: tuesdays, reslot: true } })).status).toBe(200);
    expect(await timesOf(user, posts.map((p) => p.id))).toEqual(['2026-12-01T18:00:00.000Z', '2026-12-08T18:00:00.000Z', '2026-12-15T18:00:00.000Z']);
  });
});
