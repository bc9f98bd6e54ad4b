import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectLinkedIn } from './support/linkedin';
import { ManualClock } from '../support/manual-clock';
import { startTestApp, type ApiClient, type TestApp } from './support/test-runtime';

let app: TestApp;
let ada: ApiClient;
const clock = new ManualClock('2026-11-25T10:00:00.000Z');
const inMinutes = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000);

beforeAll(async () => {
  app = await startTestApp({ clock, publishing: { tickMs: 0 } });
  ada = await app.signIn();
  await connectLinkedIn(app, ada);
});
afterAll(() => app?.stop());

async function draft(user: ApiClient = ada, content = `Post ${Math.random()}`): Promise<string> {
  const res = await user.post('/v1/posts', { content });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const pending = () => app.publishing.scheduler.pending();

describe('POST /v1/posts/{id}/schedule', () => {
  it('schedules a draft: status scheduled, due time to the second in UTC, and one schedule for that time', async () => {
    const id = await draft();
    const res = await ada.post(`/v1/posts/${id}/schedule`, { scheduledAt: '2026-11-25T11:30:15.750+01:00' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, status: 'scheduled', scheduledAt: '2026-11-25T10:30:15.000Z', error: null, version: 2 });
    expect(pending()).toContainEqual({ userId: ada.userId, postId: id, scheduledAt: '2026-11-25T10:30:15.000Z' });
  });

  it.each([
    ['in the past', () => inMinutes(-5).toISOString(), 'must be at least 1 minute in the future'],
    ['less than a minute ahead', () => inMinutes(0.5).toISOString(), 'must be at least 1 minute in the future'],
    ['more than 365 days ahead', () => inMinutes(366 * 24 * 60).toISOString(), 'must be at most 365 days ahead'],
    ['without an offset', () => '2026-11-25T12:00:00', expect.stringContaining('with an offset')],
    ['not a date', () => 'tomorrow at nine', expect.stringContaining('with an offset')],
    ['an impossible date', () => '2026-02-30T09:00:00Z', expect.stringContaining('with an offset')],
  ])('refuses a time %s with 400 and a field detail', async (_what, at, message) => {
    const id = await draft();
    const res = await ada.post(`/v1/posts/${id}/schedule`, { scheduledAt: at() });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'scheduledAt', message }]);
    expect((await ada.get(`/v1/posts/${id}`)).body.status).toBe('draft');
  });

  it('accepts exactly 1 minute and exactly 365 days ahead', async () => {
    expect((await ada.post(`/v1/posts/${await draft()}/schedule`, { scheduledAt: inMinutes(1).toISOString() })).status).toBe(200);
    expect((await ada.post(`/v1/posts/${await draft()}/schedule`, { scheduledAt: inMinutes(365 * 24 * 60).toISOString() })).status).toBe(200);
  });

  it('refuses unknown fields and a missing time', async () => {
    const id = await draft();
    expect((await ada.post(`/v1/posts/${id}/schedule`, {})).body.error.details).toEqual([{ field: 'scheduledAt', message: 'is required' }]);
    expect((await ada.post(`/v1/posts/${id}/schedule`, { scheduledAt: inMinutes(5).toISOString(), when: 'now' })).status).toBe(400);
  });

  it('answers 409 LINKEDIN_NOT_CONNECTED, with what to do, when LinkedIn is not connected', async () => {
    const bob = await app.signIn();
    const res = await bob.post(`/v1/posts/${await draft(bob)}/schedule`, { scheduledAt: inMinutes(10).toISOString() });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('LINKEDIN_NOT_CONNECTED');
    expect(res.body.error.message).toMatch(/Connect your LinkedIn account/);
  });

  it('answers 409 LINKEDIN_RECONNECT_REQUIRED once the token has expired', async () => {
    const own = new ManualClock(clock.now());
    const other = await startTestApp({ clock: own, publishing: { tickMs: 0 } });
    try {
      const carol = await other.signIn();
      await connectLinkedIn(other, carol);
      const id = await draft(carol);
      own.advance(61 * 24 * 3_600_000);
      const res = await carol.post(`/v1/posts/${id}/schedule`, { scheduledAt: new Date(own.now().getTime() + 3_600_000).toISOString() });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('LINKEDIN_RECONNECT_REQUIRED');
      expect((await carol.get('/v1/me')).body.linkedin).toMatchObject({ connected: true, needsReconnect: true });
    } finally {
      await other.stop();
    }
  });

  it('allows a time after the LinkedIn connection expires, and warns LINKEDIN_EXPIRES_BEFORE with the date', async () => {
    const dora = await app.signIn();
    await connectLinkedIn(app, dora, { member: 'Dora Expiring' });
    const expiresAt = (await dora.get('/v1/me')).body.linkedin.expiresAt as string;
    const before = await dora.post(`/v1/posts/${await draft(dora)}/schedule`, { scheduledAt: new Date(Date.parse(expiresAt) - 3_600_000).toISOString() });
    expect(before.status).toBe(200);
    expect(before.body.warnings).toEqual([]);

    const after = await dora.post(`/v1/posts/${await draft(dora)}/schedule`, { scheduledAt: new Date(Date.parse(expiresAt) + 3_600_000).toISOString() });
    expect(after.status).toBe(200);
    expect(after.body.status).toBe('scheduled');
    expect(after.body.warnings).toEqual([{ code: 'LINKEDIN_EXPIRES_BEFORE', message: expect.stringContaining(expiresAt.slice(0, 10)) }]);
    expect(after.body.warnings[0].message).toMatch(/reconnect LinkedIn in Settings before then/);
  });

  it('reschedules by scheduling again: one schedule, at the new time; the old one is gone', async () => {
    const id = await draft();
    await ada.post(`/v1/posts/${id}/schedule`, { scheduledAt: inMinutes(30).toISOString() });
    const res = await ada.post(`/v1/posts/${id}/schedule`, { scheduledAt: inMinutes(90).toISOString() });
    expect(res.status).toBe(200);
    expect(res.body.scheduledAt).toBe(inMinutes(90).toISOString());
    expect(pending().filter((m) => m.postId === id)).toEqual([{ userId: ada.userId, postId: id, scheduledAt: inMinutes(90).toISOString() }]);
  });

  it('keeps the schedule when a scheduled post is edited', async () => {
    const id = await draft();
    const at = inMinutes(45).toISOString();
    await ada.post(`/v1/posts/${id}/schedule`, { scheduledAt: at });
    const edited = await ada.patch(`/v1/posts/${id}`, { content: 'Edited while scheduled' });
    expect(edited.body).toMatchObject({ status: 'scheduled', scheduledAt: at, content: 'Edited while scheduled' });
    expect(pending().filter((m) => m.postId === id)).toEqual([{ userId: ada.userId, postId: id, scheduledAt: at }]);
  });

  it('answers 404 for another user\'s post and for an id that cannot exist', async () => {
    const id = await draft();
    const eve = await app.signIn();
    await connectLinkedIn(app, eve, { member: 'Eve' });
    expect((await eve.post(`/v1/posts/${id}/schedule`, { scheduledAt: inMinutes(10).toISOString() })).status).toBe(404);
    expect((await ada.post('/v1/posts/nope/schedule', { scheduledAt: inMinutes(10).toISOString() })).status).toBe(404);
  });
});

describe('a draft over LinkedIn\'s 3,000 characters', () => {
  const long = '🚀'.repeat(3_000) + ' and 12 more';

  it('is saved, but not scheduled, queued or published until it fits: 409 POST_TOO_LONG says by how much', async () => {
    const id = await draft(ada, long);
    expect((await ada.get(`/v1/posts/${id}`)).body).toMatchObject({ status: 'draft', content: long });
    for (const [path, body] of [
      [`/v1/posts/${id}/schedule`, { scheduledAt: inMinutes(30).toISOString() }],
      [`/v1/posts/${id}/queue`, undefined],
      [`/v1/posts/${id}/publish`, undefined],
    ] as const) {
      const res = await ada.post(path, body);
      expect(res.status, path).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'POST_TOO_LONG', message: expect.stringContaining("12 characters over LinkedIn's limit of 3000 characters") });
    }
    expect((await ada.get(`/v1/posts/${id}`)).body.status).toBe('draft');
    expect(pending().some((m) => m.postId === id)).toBe(false);

    const cut = await ada.patch(`/v1/posts/${id}`, { content: '🚀'.repeat(3_000) });
    expect(cut.status).toBe(200);
    expect((await ada.post(`/v1/posts/${id}/schedule`, { scheduledAt: inMinutes(30).toISOString() })).status).toBe(200);
  });

  it('cannot be written into a scheduled post: 409 says to shorten it or unschedule the post, and the post keeps its text and time', async () => {
    const id = await draft(ada, 'Short and scheduled');
    const at = inMinutes(50).toISOString();
    await ada.post(`/v1/posts/${id}/schedule`, { scheduledAt: at });
    const res = await ada.patch(`/v1/posts/${id}`, { content: long });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'POST_TOO_LONG', message: expect.stringContaining('This post is scheduled, so it must fit') });
    expect((await ada.get(`/v1/posts/${id}`)).body).toMatchObject({ status: 'scheduled', scheduledAt: at, content: 'Short and scheduled' });

    await ada.post(`/v1/posts/${id}/unschedule`);
    expect((await ada.patch(`/v1/posts/${id}`, { content: long })).body).toMatchObject({ status: 'draft', content: long });
  });
});

describe('the scheduled-post cap', () => {
  it('answers 409 SCHEDULED_POSTS_CAP_REACHED at the free tier\'s 10, and frees a slot on unschedule and on delete', async () => {
    const user = await app.signIn();
    await connectLinkedIn(app, user, { member: 'Capped' });
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) ids.push(await draft(user));
    for (const id of ids.slice(0, 10)) expect((await user.post(`/v1/posts/${id}/schedule`, { scheduledAt: inMinutes(60).toISOString() })).status).toBe(200);
    const refused = await user.post(`/v1/posts/${ids[10]}/schedule`, { scheduledAt: inMinutes(60).toISOString() });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'SCHEDULED_POSTS_CAP_REACHED', message: expect.stringContaining('10 posts scheduled') });
    expect(pending().some((m) => m.postId === ids[10])).toBe(false);
    // Rescheduling a post that is already scheduled does not need another slot.
    expect((await user.post(`/v1/posts/${ids[0]}/schedule`, { scheduledAt: inMinutes(120).toISOString() })).status).toBe(200);

    expect((await user.post(`/v1/posts/${ids[0]}/unschedule`)).status).toBe(200);
    expect((await user.post(`/v1/posts/${ids[10]}/schedule`, { scheduledAt: inMinutes(60).toISOString() })).status).toBe(200);
    expect((await user.post(`/v1/posts/${ids[0]}/schedule`, { scheduledAt: inMinutes(60).toISOString() })).status).toBe(409);
    expect((await user.delete(`/v1/posts/${ids[1]}`)).status).toBe(204);
    expect((await user.post(`/v1/posts/${ids[0]}/schedule`, { scheduledAt: inMinutes(60).toISOString() })).status).toBe(200);
  });
});

describe('a waiting post (due while LinkedIn was not connected, more than a day ago)', () => {
  // Its own runtime and clock: these tests move time by a day.
  const own = new ManualClock(clock.now());
  let other: TestApp;
  beforeAll(async () => {
    other = await startTestApp({ clock: own, publishing: { tickMs: 0 } });
  });
  afterAll(() => other?.stop());
  const ahead = (minutes: number) => new Date(own.now().getTime() + minutes * 60_000).toISOString();

  async function waitingPost(): Promise<{ user: ApiClient; id: string }> {
    const user = await other.signIn();
    await connectLinkedIn(other, user, { member: 'Waiting Walt' });
    const id = await draft(user);
    expect((await user.post(`/v1/posts/${id}/schedule`, { scheduledAt: ahead(2) })).status).toBe(200);
    expect((await user.delete('/v1/linkedin')).status).toBe(204);
    own.advance(3 * 60_000);
    await other.publishing.step();
    await other.publishing.step();
    expect((await user.get(`/v1/posts/${id}`)).body.status).toBe('waiting');
    // Reconnected more than a day later: the post waits for its owner's choice.
    own.advance(25 * 3_600_000);
    await connectLinkedIn(other, user, { member: 'Waiting Walt' });
    await other.publishing.step();
    expect((await user.get(`/v1/posts/${id}`)).body.status).toBe('waiting');
    return { user, id };
  }

  it('can be scheduled again, taking a slot of the cap again (it held none while waiting)', async () => {
    const { user, id } = await waitingPost();
    expect((await user.get('/v1/me')).body.postCounts).toMatchObject({ waiting: 1, scheduled: 0 });
    const res = await user.post(`/v1/posts/${id}/schedule`, { scheduledAt: ahead(60) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'scheduled', scheduledAt: ahead(60), warnings: [] });
    expect(other.publishing.scheduler.pending()).toContainEqual({ userId: user.userId, postId: id, scheduledAt: ahead(60) });
    expect((await user.get('/v1/me')).body.postCounts).toMatchObject({ waiting: 0, scheduled: 1 });
    expect((await user.get('/v1/usage')).body.scheduledPosts).toBe(1);
  });

  it('can be edited, or taken back to a draft', async () => {
    const { user, id } = await waitingPost();
    expect((await user.patch(`/v1/posts/${id}`, { content: 'Still worth saying' })).body).toMatchObject({ status: 'waiting', content: 'Still worth saying' });
    expect((await user.post(`/v1/posts/${id}/unschedule`)).body).toMatchObject({ status: 'draft', scheduledAt: null });
    expect((await user.get('/v1/me')).body.postCounts).toMatchObject({ waiting: 0, draft: 1 });
  });
});

describe('POST /v1/posts/{id}/unschedule', () => {
  it('takes a scheduled post back to a draft and removes its schedule', async () => {
    const id = await draft();
    await ada.post(`/v1/posts/${id}/schedule`, { scheduledAt: inMinutes(20).toISOString() });
    const res = await ada.post(`/v1/posts/${id}/unschedule`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'draft', scheduledAt: null });
    expect(pending().some((m) => m.postId === id)).toBe(false);
  });

  it('answers 409 POST_NOT_SCHEDULED for a draft', async () => {
    const res = await ada.post(`/v1/posts/${await draft()}/unschedule`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('POST_NOT_SCHEDULED');
  });
});

describe('DELETE /v1/posts/{id} of a scheduled post', () => {
  it('cancels its schedule', async () => {
    const id = await draft();
    await ada.post(`/v1/posts/${id}/schedule`, { scheduledAt: inMinutes(20).toISOString() });
    expect((await ada.delete(`/v1/posts/${id}`)).status).toBe(204);
    expect(pending().some((m) => m.postId === id)).toBe(false);
  });
});

describe('POST /v1/posts/{id}/publish', () => {
  it('accepts (202) and publishes within the next delivery; published posts cannot be published or scheduled again', async () => {
    const id = await draft(ada, 'Published right now');
    const res = await ada.post(`/v1/posts/${id}/publish`);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'scheduled', scheduledAt: new Date(Math.floor(clock.now().getTime() / 1000) * 1000).toISOString() });
    await app.publishing.step();
    const post = (await ada.get(`/v1/posts/${id}`)).body;
    expect(post).toMatchObject({ status: 'published', linkedinUrn: expect.stringMatching(/^urn:li:share:\d{19}$/), error: null });
    expect(post.linkedinUrl).toBe(`${app.linkedin.sandbox!.postUrlBase}${post.linkedinUrn}`);
    expect((await fetch(post.linkedinUrl)).status).toBe(200);

    expect((await ada.post(`/v1/posts/${id}/publish`)).body.error.code).toBe('POST_NOT_PUBLISHABLE');
    expect((await ada.post(`/v1/posts/${id}/schedule`, { scheduledAt: inMinutes(10).toISOString() })).body.error.code).toBe('POST_NOT_SCHEDULABLE');
  });

  it('publishes a scheduled post now and drops its schedule', async () => {
    const id = await draft();
    await ada.post(`/v1/posts/${id}/schedule`, { scheduledAt: inMinutes(300).toISOString() });
    expect((await ada.post(`/v1/posts/${id}/publish`)).status).toBe(202);
    expect(pending().some((m) => m.postId === id)).toBe(false);
    await app.publishing.step();
    expect((await ada.get(`/v1/posts/${id}`)).body.status).toBe('published');
  });

  it('answers 409 LINKEDIN_NOT_CONNECTED without a connection', async () => {
    const dan = await app.signIn();
    const res = await dan.post(`/v1/posts/${await draft(dan)}/publish`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('LINKEDIN_NOT_CONNECTED');
  });
});

describe('GET /v1/posts with a time range (the calendar)', () => {
  it('lists the posts of a status whose due time is in [from, to), across pages', async () => {
    const user = await app.signIn();
    await connectLinkedIn(app, user, { member: 'Calendar' });
    const at = (minutes: number) => inMinutes(minutes).toISOString();
    const ids: Record<number, string> = {};
    for (const minutes of [60, 120, 180, 240]) {
      ids[minutes] = await draft(user);
      await user.post(`/v1/posts/${ids[minutes]}/schedule`, { scheduledAt: at(minutes) });
    }
    const first = await user.get(`/v1/posts?status=scheduled&from=${encodeURIComponent(at(120))}&to=${encodeURIComponent(at(240))}&limit=1`);
    expect(first.status).toBe(200);
    // Soonest first: the next post to go out on top.
    expect(first.body.items.map((p: { id: string }) => p.id)).toEqual([ids[120]]);
    const second = await user.get(`/v1/posts?status=scheduled&from=${encodeURIComponent(at(120))}&to=${encodeURIComponent(at(240))}&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.items.map((p: { id: string }) => p.id)).toEqual([ids[180]]);
    // A cursor belongs to its range: reused with another range it is refused.
    const otherRange = await user.get(`/v1/posts?status=scheduled&from=${encodeURIComponent(at(0))}&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(otherRange.status).toBe(400);
    const offset = await user.get(`/v1/posts?status=scheduled&from=${encodeURIComponent('2026-11-25T12:00:00+01:00')}&to=${encodeURIComponent('2026-11-25T13:00:00+01:00')}`);
    expect(offset.body.items.map((p: { id: string }) => p.id)).toEqual([ids[60]]);
  });

  it('refuses a range without a status, a reversed range and a time without an offset', async () => {
    expect((await ada.get('/v1/posts?from=2026-11-25T00:00:00Z')).body.error.details).toEqual([{ field: 'from', message: expect.stringContaining('needs status') }]);
    expect((await ada.get('/v1/posts?status=scheduled&from=2026-11-26T00:00:00Z&to=2026-11-25T00:00:00Z')).body.error.details).toEqual([{ field: 'to', message: 'must be after from' }]);
    expect((await ada.get('/v1/posts?status=scheduled&from=2026-11-26T00:00:00')).status).toBe(400);
  });
});
