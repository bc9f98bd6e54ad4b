import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectLinkedIn, sandboxPostsOf } from './support/linkedin';
import { ManualClock } from '../support/manual-clock';
import { startTestApp, type ApiClient, type TestApp } from './support/test-runtime';

/**
 * Evergreen posts (issue 13) through the local runtime: the schedule fires on
 * the publish queue, the publisher asks the sandbox OpenAI for a rewrite, and
 * a varied draft appears (queued, or waiting for approval). Never the same text.
 */
let app: TestApp;
let user: ApiClient;
const clock = new ManualClock('2026-11-25T10:00:00.000Z');
const DAY = 86_400_000;

beforeAll(async () => {
  app = await startTestApp({ clock, publishing: { tickMs: 0 } });
  user = await app.signIn();
  await connectLinkedIn(app, user);
});
afterAll(() => app?.stop());

async function published(content: string): Promise<string> {
  const id = (await user.post('/v1/posts', { content })).body.id as string;
  expect((await user.post(`/v1/posts/${id}/publish`)).status).toBe(202);
  await app.publishing.step();
  await app.publishing.step();
  expect((await user.get(`/v1/posts/${id}`)).body.status).toBe('published');
  return id;
}

async function runDue(nextAt: string): Promise<void> {
  clock.advance(Date.parse(nextAt) - clock.now().getTime() + 1_000);
  await app.publishing.step();
  await app.publishing.step();
}

async function variantsOf(id: string): Promise<{ id: string; content: string; status: string; evergreenOf: string | null; scheduledAt: string | null }[]> {
  const all = [];
  for (const status of ['draft', 'scheduled']) all.push(...(await user.get(`/v1/posts?status=${status}&limit=100`)).body.items);
  return all.filter((post: { evergreenOf: string | null }) => post.evergreenOf === id);
}

describe('evergreen posts', () => {
  it('refuses a post that is not published (409) and a gap outside 7–365 days (400)', async () => {
    const draft = (await user.post('/v1/posts', { content: 'Not yet out' })).body.id as string;
    const early = await user.request('PUT', `/v1/posts/${draft}/evergreen`, { json: { gapDays: 30, approval: 'approve' } });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('POST_NOT_PUBLISHED');
    const id = await published(`Gap check ${Math.random()}`);
    const short = await user.request('PUT', `/v1/posts/${id}/evergreen`, { json: { gapDays: 3, approval: 'approve' } });
    expect(short.status).toBe(400);
    expect(short.body.error.details).toEqual([{ field: 'gapDays', message: 'must be at least 7 days' }]);
  });

  it('when due, makes a varied draft waiting for approval, never the identical text, and schedules the next one a gap later', async () => {
    const content = `Lessons from ten years of code review ${Math.random()}\n\nSmall pull requests get better reviews.\n\n#engineering`;
    const id = await published(content);
    const marked = await user.request('PUT', `/v1/posts/${id}/evergreen`, { json: { gapDays: 30, approval: 'approve' } });
    expect(marked.status).toBe(200);
    const publishedAt = Date.parse(marked.body.publishedAt);
    expect(marked.body.evergreen).toMatchObject({ gapDays: 30, approval: 'approve', lastProblem: null, nextAt: new Date(Math.floor((publishedAt + 30 * DAY) / 1000) * 1000).toISOString() });

    await runDue(marked.body.evergreen.nextAt);
    const [variant, ...more] = await variantsOf(id);
    expect(more).toHaveLength(0);
    expect(variant).toMatchObject({ status: 'draft', evergreenOf: id });
    expect(variant!.content).not.toBe(content);
    expect(variant!.content.replace(/\s+/g, ' ')).not.toBe(content.replace(/\s+/g, ' '));
    const after = (await user.get(`/v1/posts/${id}`)).body.evergreen;
    expect(Date.parse(after.nextAt)).toBeGreaterThanOrEqual(clock.now().getTime() + 30 * DAY - 60_000);

    // Approving is queueing it.
    const approved = await user.post(`/v1/posts/${variant!.id}/queue`);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('scheduled');
  });

  it('with automatic approval, queues the varied draft at the next free slot, and it publishes as a new post', async () => {
    const content = `Why I write every morning ${Math.random()}`;
    const id = await published(content);
    const marked = await user.request('PUT', `/v1/posts/${id}/evergreen`, { json: { gapDays: 7, approval: 'auto' } });
    await runDue(marked.body.evergreen.nextAt);
    const [variant] = await variantsOf(id);
    expect(variant).toMatchObject({ status: 'scheduled', evergreenOf: id });
    expect(variant!.content).not.toBe(content);
    await runDue(variant!.scheduledAt!);
    expect((await user.get(`/v1/posts/${variant!.id}`)).body.status).toBe('published');
    expect(sandboxPostsOf(app, variant!.content)).toHaveLength(1);
    // The next run is a gap after the variant's slot.
    const next = (await user.get(`/v1/posts/${id}`)).body.evergreen.nextAt as string;
    expect(Date.parse(next)).toBe(Date.parse(variant!.scheduledAt!) + 7 * DAY);
  });

  it('stops: no more drafts, and the post says so', async () => {
    const id = await published(`Stop me ${Math.random()}`);
    const marked = await user.request('PUT', `/v1/posts/${id}/evergreen`, { json: { gapDays: 7, approval: 'approve' } });
    const stopped = await user.delete(`/v1/posts/${id}/evergreen`);
    expect(stopped.status).toBe(200);
    expect(stopped.body.evergreen).toBeNull();
    await runDue(marked.body.evergreen.nextAt);
    expect(await variantsOf(id)).toHaveLength(0);
  });
});
