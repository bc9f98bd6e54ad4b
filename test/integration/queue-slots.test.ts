import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectLinkedIn } from './support/linkedin';
import { ManualClock } from '../support/manual-clock';
import { startTestApp, type ApiClient, type TestApp } from './support/test-runtime';
import { TIERS } from '@contract/tiers';
import { DynamoUserStore } from '@lambdas/adapters/dynamodb/user-store';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import { localDynamoClient } from '../../bin/runtime/dynamodb-local';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The posting schedule and POST /v1/posts/{id}/queue (issue 13): slot
 * computation in the user's zone, DST gaps and overlaps, full days, the
 * scheduled-post cap, and 50 concurrent queue requests getting 50 slots.
 */
const started: TestApp[] = [];
afterAll(async () => {
  for (const app of started) await app.stop();
});

async function appAt(iso: string, options: Parameters<typeof startTestApp>[0] = {}) {
  const clock = new ManualClock(iso);
  const app = await startTestApp({ clock, publishing: { tickMs: 0 }, ...options });
  started.push(app);
  return { app, clock };
}

async function userIn(app: TestApp, timezone: string | null, slots?: { day: string; time: string }[]): Promise<ApiClient> {
  const user = await app.signIn();
  await connectLinkedIn(app, user);
  if (timezone) expect((await user.patch('/v1/me', { timezone })).status).toBe(200);
  if (slots) expect((await user.request('PUT', '/v1/me/schedule', { json: { slots } })).status).toBe(200);
  return user;
}

async function draft(user: ApiClient, content = `Post ${Math.random()}`): Promise<string> {
  const res = await user.post('/v1/posts', { content });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function queue(user: ApiClient, id?: string) {
  return user.post(`/v1/posts/${id ?? (await draft(user))}/queue`);
}

describe('GET/PUT /v1/me/schedule', () => {
  let app: TestApp;
  beforeAll(async () => {
    ({ app } = await appAt('2026-11-25T10:00:00.000Z'));
  });

  it('offers default posting times on first use, in the profile zone (UTC until one is set)', async () => {
    const user = await app.signIn();
    const res = await user.get('/v1/me/schedule');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ channel: 'linkedin', timezone: 'UTC', custom: false, paused: false, pausedAt: null });
    expect(res.body.slots).toHaveLength(10);
    expect(res.body.slots[0]).toEqual({ day: 'mon', time: '08:30' });
    await user.patch('/v1/me', { timezone: 'Europe/Paris' });
    expect((await user.get('/v1/me/schedule')).body.timezone).toBe('Europe/Paris');
  });

  it('saves slots in week order and answers them back', async () => {
    const user = await app.signIn();
    const res = await user.request('PUT', '/v1/me/schedule', { json: { slots: [{ day: 'fri', time: '17:00' }, { day: 'mon', time: '09:15' }, { day: 'fri', time: '08:00' }] } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ custom: true, slots: [{ day: 'mon', time: '09:15' }, { day: 'fri', time: '08:00' }, { day: 'fri', time: '17:00' }] });
    expect((await user.get('/v1/me/schedule')).body.slots).toEqual(res.body.slots);
  });

  it.each([
    ['more than 50 slots', { slots: Array.from({ length: 51 }, (_, i) => ({ day: 'mon', time: `${String(Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')}` })) }, 'slots', 'must have at most 50 times'],
    ['a time not on the 24-hour clock', { slots: [{ day: 'mon', time: '9:00' }] }, 'slots.0.time', 'must be a 24-hour time such as 09:00 or 17:30'],
    ['an unknown day', { slots: [{ day: 'monday', time: '09:00' }] }, 'slots.0.day', 'must be one of mon, tue, wed, thu, fri, sat, sun'],
    ['the same slot twice', { slots: [{ day: 'mon', time: '09:00' }, { day: 'mon', time: '09:00' }] }, 'slots.1', 'is mon 09:00 a second time'],
  ])('refuses %s with 400 and a field detail', async (_what, body, field, message) => {
    const user = await app.signIn();
    const res = await user.request('PUT', '/v1/me/schedule', { json: body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.details).toContainEqual({ field, message });
  });
});

describe('POST /v1/posts/{id}/queue: the next free slot', () => {
  it('takes the next slot in the user zone, then the one after (Paris, Tuesdays 09:00)', async () => {
    const { app } = await appAt('2026-11-25T10:00:00.000Z'); // a Wednesday
    const user = await userIn(app, 'Europe/Paris', [{ day: 'tue', time: '09:00' }]);
    const first = await queue(user);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'scheduled', scheduledAt: '2026-12-01T08:00:00.000Z', queue: 'linkedin' });
    expect((await queue(user)).body.scheduledAt).toBe('2026-12-08T08:00:00.000Z');
    expect(app.publishing.scheduler.pending()).toContainEqual({ userId: user.userId, postId: first.body.id, scheduledAt: '2026-12-01T08:00:00.000Z' });
  });

  it('skips a slot less than a minute ahead, and one where a post scheduled by hand is due (a full day)', async () => {
    const { app } = await appAt('2026-11-30T07:59:30.000Z'); // Monday 08:59:30 in Paris
    const user = await userIn(app, 'Europe/Paris', [{ day: 'mon', time: '09:00' }, { day: 'mon', time: '10:00' }]);
    const byHand = await draft(user);
    expect((await user.post(`/v1/posts/${byHand}/schedule`, { scheduledAt: '2026-11-30T09:00:00.000Z' })).status).toBe(200);
    // 09:00 is 30 s away, 10:00 is taken by hand: next Monday.
    expect((await queue(user)).body.scheduledAt).toBe('2026-12-07T08:00:00.000Z');
    expect((await queue(user)).body.scheduledAt).toBe('2026-12-07T09:00:00.000Z');
  });

  it('in a DST gap, takes the first valid minute after it (Paris, 29 March 2026, 02:30 → 03:00 CEST)', async () => {
    const { app } = await appAt('2026-03-28T12:00:00.000Z');
    const user = await userIn(app, 'Europe/Paris', [{ day: 'sun', time: '02:30' }]);
    expect((await queue(user)).body.scheduledAt).toBe('2026-03-29T01:00:00.000Z');
    // The Sunday after, 02:30 exists again (CEST).
    expect((await queue(user)).body.scheduledAt).toBe('2026-04-05T00:30:00.000Z');
  });

  it('in a DST overlap, takes the first occurrence (New York, 1 November 2026, 01:30 EDT)', async () => {
    const { app } = await appAt('2026-10-31T12:00:00.000Z');
    const user = await userIn(app, 'America/New_York', [{ day: 'sun', time: '01:30' }]);
    expect((await queue(user)).body.scheduledAt).toBe('2026-11-01T05:30:00.000Z');
    expect((await queue(user)).body.scheduledAt).toBe('2026-11-08T06:30:00.000Z');
  });

  it('for an account made before the taken instants were kept, builds them once from its posts: a post scheduled by hand keeps its slot', async () => {
    const { app } = await appAt('2026-11-25T10:00:00.000Z'); // Wednesday
    const user = await userIn(app, null, [{ day: 'thu', time: '09:00' }, { day: 'fri', time: '09:00' }]);
    const byHand = await draft(user);
    expect((await user.post(`/v1/posts/${byHand}/schedule`, { scheduledAt: '2026-11-26T09:00:00.000Z' })).status).toBe(200);
    // As stored before: no TAKEN item at all.
    const db = createDocumentClient(localDynamoClient(app.dynamoEndpoint));
    const key = { PK: `USER#${user.userId}`, SK: 'TAKEN' };
    await db.send(new DeleteCommand({ TableName: app.tableName, Key: key }));
    const queued = await queue(user);
    expect(queued.body.scheduledAt).toBe('2026-11-27T09:00:00.000Z');
    const { Item } = await db.send(new GetCommand({ TableName: app.tableName, Key: key, ConsistentRead: true }));
    expect(Item).toMatchObject({ complete: true, '@2026-11-26T09:00:00.000Z': new Set([byHand]), '@2026-11-27T09:00:00.000Z': new Set([queued.body.id]) });
    // Built once: the next queueing reads it and takes the slot after.
    expect((await queue(user)).body.scheduledAt).toBe('2026-12-03T09:00:00.000Z');
  });

  it('keeps a queued post where it is when asked again', async () => {
    const { app } = await appAt('2026-11-25T10:00:00.000Z');
    const user = await userIn(app, 'UTC', [{ day: 'thu', time: '09:00' }]);
    const id = await draft(user);
    const first = await queue(user, id);
    const again = await queue(user, id);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ scheduledAt: first.body.scheduledAt, version: first.body.version });
  });

  it('answers the same 409 as scheduling without LinkedIn, and 409 QUEUE_HAS_NO_SLOTS with no posting times', async () => {
    const { app } = await appAt('2026-11-25T10:00:00.000Z');
    const bob = await app.signIn();
    const refused = await queue(bob);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('LINKEDIN_NOT_CONNECTED');
    expect(refused.body.error.message).toMatch(/Connect your LinkedIn account/);
    const carol = await userIn(app, null, []);
    const none = await queue(carol);
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('QUEUE_HAS_NO_SLOTS');
  });

  it('refuses a published post with 409, and counts queued posts against the cap (free: 10)', async () => {
    const { app } = await appAt('2026-11-25T10:00:00.000Z');
    const user = await userIn(app, 'UTC');
    for (let i = 0; i < TIERS.free.maxScheduledPosts; i++) expect((await queue(user)).status).toBe(200);
    const over = await queue(user);
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('SCHEDULED_POSTS_CAP_REACHED');
    expect((await user.get('/v1/usage')).body.scheduledPosts).toBe(TIERS.free.maxScheduledPosts);
  });

  it('gives 50 concurrent queue requests of one user 50 distinct slots (pro: a cap of 200)', async () => {
    const { app } = await appAt('2026-11-25T10:00:00.000Z', { authorizerCacheTtlSeconds: 0 });
    const user = await userIn(app, 'Europe/Paris');
    const users = new DynamoUserStore(createDocumentClient(localDynamoClient(app.dynamoEndpoint)), app.tableName);
    await users.changeTier(user.userId, { from: 'free', to: 'pro' });
    expect((await user.get('/v1/usage')).body.limits.maxScheduledPosts).toBe(TIERS.pro.maxScheduledPosts);
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) ids.push(await draft(user, `Concurrent ${i}`));
    // On a loaded machine the runtime may refuse some of the burst early (503 with Retry-After, as
    // Lambda's reserved concurrency would): sent again after Retry-After, as a client does.
    const served = async (id: string) => {
      for (let refusals = 0; ; refusals++) {
        const res = await user.post(`/v1/posts/${id}/queue`);
        if (res.status !== 503 || refusals >= 20) return res;
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        await new Promise((resolve) => setTimeout(resolve, Number(res.headers.get('retry-after')) * 1000));
      }
    };
    const answers = await Promise.all(ids.map(served));
    expect(answers.map((res) => [res.status, res.status === 200 ? null : res.body])).toEqual(ids.map(() => [200, null]));
    const times = answers.map((res) => res.body.scheduledAt as string);
    expect(new Set(times).size).toBe(50);
    // Every one is on a slot of the schedule (the queue lists it there), none shares one.
    const listed = await user.get('/v1/queue?limit=100');
    const withPosts = listed.body.items.filter((item: { post: unknown }) => item.post !== null);
    expect(withPosts.map((item: { at: string }) => item.at)).toEqual([...times].sort());
    expect(withPosts.every((item: { at: string; post: { scheduledAt: string; queue: string } }) => item.post.scheduledAt === item.at && item.post.queue === 'linkedin')).toBe(true);
    expect((await user.get('/v1/usage')).body.scheduledPosts).toBe(50);
  }, 120_000);
});

describe('GET /v1/queue', () => {
  it('lists slots in time order, empty ones with post: null, page by page', async () => {
    const { app } = await appAt('2026-11-25T10:00:00.000Z'); // Wednesday
    const user = await userIn(app, 'UTC', [{ day: 'thu', time: '09:00' }, { day: 'fri', time: '09:00' }]);
    const queued = await queue(user); // Thursday 26th
    const byHand = await draft(user);
    await user.post(`/v1/posts/${byHand}/schedule`, { scheduledAt: '2026-11-26T12:00:00.000Z' });
    const first = await user.get('/v1/queue?limit=3');
    expect(first.status).toBe(200);
    expect(first.body.items.map((item: { at: string; post: { id: string } | null }) => [item.at, item.post?.id ?? null])).toEqual([
      ['2026-11-26T09:00:00.000Z', queued.body.id],
      ['2026-11-26T12:00:00.000Z', byHand],
      ['2026-11-27T09:00:00.000Z', null],
    ]);
    expect(first.body.paused).toBe(false);
    const second = await user.get(`/v1/queue?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((item: { at: string }) => item.at)).toEqual(['2026-12-03T09:00:00.000Z', '2026-12-04T09:00:00.000Z', '2026-12-10T09:00:00.000Z']);
  });

  it('reads the schedule and its zone with the posts, follows a new zone at once, and lists only posts under Scheduled', async () => {
    const { app } = await appAt('2026-11-25T10:00:00.000Z'); // Wednesday
    const user = await userIn(app, 'UTC', [{ day: 'thu', time: '09:00' }]);
    const queued = await queue(user); // Thursday 26th, 09:00 UTC
    const firstSlots = async () => (await user.get('/v1/queue?limit=2')).body.items.map((item: { at: string; post: { id: string } | null }) => [item.at, item.post?.id ?? null]);
    expect(await firstSlots()).toEqual([
      ['2026-11-26T09:00:00.000Z', queued.body.id],
      ['2026-12-03T09:00:00.000Z', null],
    ]);
    // Thursdays 09:00 in New York (EST, UTC−5): the empty slots move; the queued post keeps its time.
    expect((await user.patch('/v1/me', { timezone: 'America/New_York' })).status).toBe(200);
    expect(await firstSlots()).toEqual([
      ['2026-11-26T09:00:00.000Z', queued.body.id],
      ['2026-11-26T14:00:00.000Z', null],
    ]);
    // The schedule shares the index partition of the scheduled posts; a status list holds the posts alone.
    const scheduled = await user.get('/v1/posts?status=scheduled');
    expect(scheduled.body.items.map((post: { id: string }) => post.id)).toEqual([queued.body.id]);
  });

  it('reads a schedule stored before its zone was copied from the account, in the profile zone', async () => {
    const { app } = await appAt('2026-11-25T10:00:00.000Z');
    const user = await app.signIn();
    const db = createDocumentClient(localDynamoClient(app.dynamoEndpoint));
    // As stored before: no zone and no index keys on the schedule; the zone on the profile alone.
    await db.send(
      new PutCommand({
        TableName: app.tableName,
        Item: { PK: `USER#${user.userId}`, SK: 'SCHEDULE#linkedin', type: 'SCHEDULE', channel: 'linkedin', slots: [{ day: 'thu', time: '09:00' }], custom: true, paused: false, pausedAt: null, updatedAt: null, version: 1 },
      }),
    );
    await db.send(new UpdateCommand({ TableName: app.tableName, Key: { PK: `USER#${user.userId}`, SK: 'PROFILE' }, UpdateExpression: 'SET #tz = :tz', ExpressionAttributeNames: { '#tz': 'timezone' }, ExpressionAttributeValues: { ':tz': 'Europe/Paris' } }));
    const listed = await user.get('/v1/queue?limit=1');
    expect(listed.body.items).toEqual([{ at: '2026-11-26T08:00:00.000Z', post: null }]);
  });

  it('pages on past the posts whose time passed while paused, none twice and none skipped', async () => {
    const { app, clock } = await appAt('2026-11-25T10:00:00.000Z'); // Wednesday
    const user = await userIn(app, 'UTC', [{ day: 'thu', time: '09:00' }, { day: 'fri', time: '09:00' }]);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await queue(user)).body.id); // 26, 27 Nov; 3, 4, 10, 11 Dec
    expect((await user.post('/v1/queue/pause')).status).toBe(200);
    clock.advance(4 * 86_400_000); // Sunday 29th: the first two are held, their time passed
    const seen: [string, string | null][] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { at: string; post: { id: string } | null }[]; nextCursor: string | null; paused: boolean } } = await user.get(`/v1/queue?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.paused).toBe(true);
      seen.push(...page.body.items.map((item): [string, string | null] => [item.at, item.post?.id ?? null]));
      cursor = page.body.nextCursor;
    } while (cursor && seen.length < 8);
    expect(seen).toEqual([
      ['2026-12-03T09:00:00.000Z', ids[2]],
      ['2026-12-04T09:00:00.000Z', ids[3]],
      ['2026-12-10T09:00:00.000Z', ids[4]],
      ['2026-12-11T09:00:00.000Z', ids[5]],
      ['2026-12-17T09:00:00.000Z', null],
      ['2026-12-18T09:00:00.000Z', null],
      ['2026-12-24T09:00:00.000Z', null],
      ['2026-12-25T09:00:00.000Z', null],
    ]);
  });

  it('refuses a bad limit or cursor with 400', async () => {
    const { app } = await appAt('2026-11-25T10:00:00.000Z');
    const user = await app.signIn();
    expect((await user.get('/v1/queue?limit=0')).status).toBe(400);
    expect((await user.get('/v1/queue?limit=101')).status).toBe(400);
    // Wrong in both ways (too many digits, too large): said once.
    const huge = await user.get<{ error: { message: string; details: unknown[] } }>('/v1/queue?limit=1000000');
    expect(huge.body.error.details).toEqual([{ field: 'limit', message: 'must be a whole number from 1 to 100' }]);
    const bad = await user.get('/v1/queue?cursor=bm90LWEtZGF0ZQ');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ field: 'cursor', message: 'is not a cursor this API made; start again without it' }]);
  });
});
