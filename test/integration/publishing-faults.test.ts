import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../bin/runtime/proxy-event';
import { DynamoUserStore } from '@lambdas/adapters/dynamodb/user-store';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import { localDynamoClient } from '../../bin/runtime/dynamodb-local';
import { LITTLE_TEXT_RESERVED } from '@contract/little-text';
import type { PublishMessage } from '@lambdas/core/publishing/publish-message';
import { PUBLISHING } from '@lambdas/core/publishing/publishing-rules';
import { PUBLISH_FAILURES } from '@lambdas/core/publishing/publish-failures';
import { createPublisher } from '@lambdas/handlers/publisher';
import type { PostStore } from '@lambdas/core/ports/post-store';
import { connectLinkedIn, sandboxOf, sandboxPostsOf } from './support/linkedin';
import { ManualClock } from '../support/manual-clock';
import { sqsEvent } from '../support/lambda-events';
import { startTestApp, type ApiClient, type TestApp } from './support/test-runtime';

/**
 * Publishing against the sandbox LinkedIn with injected faults, through the
 * real publisher and reconciler handlers, the local scheduler and queue, and
 * DynamoDB Local. Time is a manual clock; `step()` runs one tick of scheduler,
 * queue and reconciler. After every test: each post is either on LinkedIn
 * exactly once (with that URN stored) or failed with a reason, and nothing is
 * left `publishing` once its lease has expired.
 */
const clock = new ManualClock();
const logs: string[] = [];
const sleeps: number[] = [];
let crashOnPublishedWrite = 0;
let app: TestApp;
const watched: { user: ApiClient; id: string; content: string }[] = [];
const users: ApiClient[] = [];

/** The publisher's store, with one injected fault: "the process dies right after LinkedIn's 201". */
function crashingStore(posts: PostStore): PostStore {
  return {
    create: (post, options) => posts.create(post, options),
    get: (userId, postId) => posts.get(userId, postId),
    list: (userId, query) => posts.list(userId, query),
    delete: (userId, postId, expected, options) => posts.delete(userId, postId, expected, options),
    listDue: (range) => posts.listDue(range),
    update: async (next, expected, options) => {
      if (next.status === 'published' && crashOnPublishedWrite > 0) {
        crashOnPublishedWrite--;
        throw new Error('simulated crash: the publisher died after LinkedIn answered 201');
      }
      return posts.update(next, expected, options);
    },
  };
}

beforeAll(async () => {
  app = await startTestApp({
    clock,
    log: (line) => logs.push(line),
    linkedinTimeoutMs: 500,
    publishing: {
      tickMs: 0,
      decoratePublisherDeps: (deps) => ({
        ...deps,
        posts: crashingStore(deps.posts),
        // Waits are recorded, not waited: the test checks what the publisher would wait.
        sleep: async (ms) => void sleeps.push(ms),
      }),
    },
  });
});
afterAll(() => app?.stop());

async function step(times = 2): Promise<void> {
  for (let i = 0; i < times; i++) await app.publishing.step();
}

/** Moves the clock minute by minute, one tick each, as the runtime's ticker would. */
async function runFor(minutes: number): Promise<void> {
  for (let i = 0; i < minutes; i++) {
    clock.advanceMinutes(1);
    await step(1);
  }
  await step(1);
}

async function connectedUser(): Promise<ApiClient> {
  const user = await app.signIn();
  await connectLinkedIn(app, user, { member: `Member ${randomUUID().slice(0, 8)}` });
  users.push(user);
  return user;
}

async function schedule(user: ApiClient, minutesAhead = 2, content = `Post ${randomUUID()}`): Promise<{ id: string; content: string; message: PublishMessage }> {
  const created = await user.post('/v1/posts', { content });
  const scheduledAt = new Date(clock.now().getTime() + minutesAhead * 60_000).toISOString();
  const res = await user.post(`/v1/posts/${created.body.id}/schedule`, { scheduledAt });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  watched.push({ user, id: created.body.id, content });
  return { id: created.body.id, content, message: { userId: user.userId, postId: created.body.id, scheduledAt: res.body.scheduledAt } };
}

const read = async (user: ApiClient, id: string) => (await user.get(`/v1/posts/${id}`)).body;
const postRequests = () => sandboxOf(app).requests.filter((r) => r.endpoint === 'posts').length;

/** Exactly once on LinkedIn with the URN stored, or failed with a reason and nowhere on LinkedIn. */
async function expectExactlyOnceOrFailed(user: ApiClient, id: string, content: string) {
  const post = await read(user, id);
  const onLinkedIn = sandboxPostsOf(app, content);
  if (post.status === 'published') {
    expect(onLinkedIn, `post ${id}`).toHaveLength(1);
    expect(post.linkedinUrn).toBe(onLinkedIn[0]!.urn);
  } else {
    expect(post.status, `post ${id}`).toBe('failed');
    expect(post.error).toEqual({ code: expect.any(String), message: expect.any(String) });
    expect(onLinkedIn, `post ${id}`).toHaveLength(0);
  }
  return post;
}

afterEach(async () => {
  sandboxOf(app).clearFaults();
  // Past any lease and through a reconciler run: nothing may be left mid-publish.
  clock.advanceMinutes(PUBLISHING.leaseSeconds / 60 + PUBLISHING.reconcileEveryMinutes + 1);
  await step(3);
  for (const { user, id, content } of watched.splice(0)) {
    const post = await read(user, id);
    expect(post.status, `post ${id} left ${post.status}`).not.toBe('publishing');
    if (post.status !== 'scheduled' && post.status !== 'draft' && post.status !== 'waiting') await expectExactlyOnceOrFailed(user, id, content);
    else expect(sandboxPostsOf(app, content)).toHaveLength(0);
  }
  // The profile's counter still equals the number of scheduled posts.
  const db = createDocumentClient(localDynamoClient(app.dynamoEndpoint));
  const store = new DynamoUserStore(db, app.tableName);
  for (const user of users) {
    const scheduled = (await user.get('/v1/posts?status=scheduled&limit=100')).body.items.length;
    expect((await store.get(user.userId))?.scheduledPosts ?? 0, `counter of ${user.userId}`).toBe(scheduled);
  }
  db.destroy();
  expect(app.publishing.queue.deadLetters).toEqual([]);
});

describe('publishing a scheduled post, exactly once, whatever LinkedIn does', () => {
  it('publishes on time: the schedule fires at the post\'s second, LinkedIn gets the escaped text, the URN and link are stored', async () => {
    const user = await connectedUser();
    const { id, content } = await schedule(user, 2, `On time ${randomUUID()} #launch @team (v2) [beta] {x|y} <b> *bold* _it_ ~s~ \\path`);
    await runFor(1);
    expect((await read(user, id)).status).toBe('scheduled');
    await runFor(1);
    const post = await expectExactlyOnceOrFailed(user, id, content);
    expect(post.status).toBe('published');
    expect(Date.parse(post.publishedAt) - Date.parse(post.scheduledAt)).toBeLessThan(60_000);
    const page = await (await fetch(post.linkedinUrl)).text();
    // The sandbox renders little text as LinkedIn does: cut at an unescaped reserved character. Here it is whole.
    expect(page).not.toContain('LinkedIn cut this post');
    for (const reserved of LITTLE_TEXT_RESERVED) expect(sandboxPostsOf(app, content)[0]!.commentary).toContain(`\\${reserved}`);
    expect(app.publishing.events.published).toContainEqual(expect.objectContaining({ type: 'post.published', postId: id, linkedinUrn: post.linkedinUrn }));
  });

  it('retries a 5xx within the claim and publishes once', async () => {
    const user = await connectedUser();
    const { id, content } = await schedule(user);
    sandboxOf(app).injectFaults({ kind: 'status', status: 503 }, { kind: 'status', status: 500 });
    await runFor(2);
    expect((await expectExactlyOnceOrFailed(user, id, content)).status).toBe('published');
    expect((await read(user, id)).linkedinUrn).toMatch(/^urn:li:share:/);
  });

  it('gives up after the bounded attempts when LinkedIn stays down: failed LINKEDIN_UNAVAILABLE, nothing published, nothing in the DLQ', async () => {
    const user = await connectedUser();
    const { id, content } = await schedule(user);
    const before = postRequests();
    sandboxOf(app).injectFaults({ kind: 'status', status: 502, times: 100 });
    await runFor(2 + 6 * PUBLISHING.maxAttempts);
    const post = await expectExactlyOnceOrFailed(user, id, content);
    expect(post.error.code).toBe('LINKEDIN_UNAVAILABLE');
    expect(post.error.message).toMatch(/Press Retry/);
    const calls = PUBLISHING.maxAttempts * (1 + PUBLISHING.inlineRetryDelaysMs.length);
    expect(postRequests() - before).toBe(calls);
    expect(app.publishing.events.published).toContainEqual(expect.objectContaining({ type: 'post.failed', postId: id }));

    // LinkedIn is back: the user's Retry publishes it.
    sandboxOf(app).clearFaults();
    expect((await user.post(`/v1/posts/${id}/publish`)).status).toBe(202);
    await step();
    expect((await expectExactlyOnceOrFailed(user, id, content)).status).toBe('published');
  });

  it('waits what a short Retry-After says after a 429, then publishes once', async () => {
    const user = await connectedUser();
    const { id, content } = await schedule(user);
    sleeps.length = 0;
    sandboxOf(app).injectFaults({ kind: 'throttle', retryAfterSeconds: 4 });
    await runFor(2);
    expect((await expectExactlyOnceOrFailed(user, id, content)).status).toBe('published');
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(4_000);
  });

  it('releases the post on a 429 with a long Retry-After and publishes on the queue\'s redelivery', async () => {
    const user = await connectedUser();
    const { id, content } = await schedule(user);
    sleeps.length = 0;
    sandboxOf(app).injectFaults({ kind: 'throttle', retryAfterSeconds: 120 });
    await runFor(2);
    expect(await read(user, id)).toMatchObject({ status: 'scheduled', linkedinUrn: null });
    expect(sleeps).toEqual([]);
    await runFor(7);
    expect((await expectExactlyOnceOrFailed(user, id, content)).status).toBe('published');
  });

  it('stores the URN from LinkedIn\'s duplicate answer when a timed-out call had in fact created the post', async () => {
    const user = await connectedUser();
    const { id, content } = await schedule(user);
    sandboxOf(app).injectFaults({ kind: 'delay', ms: 900, create: true });
    await runFor(2);
    const post = await expectExactlyOnceOrFailed(user, id, content);
    expect(post.status).toBe('published');
  });

  it('retries a call that timed out without creating anything, and publishes once', async () => {
    const user = await connectedUser();
    const { id, content } = await schedule(user);
    sandboxOf(app).injectFaults({ kind: 'delay', ms: 900 });
    await runFor(2);
    expect((await expectExactlyOnceOrFailed(user, id, content)).status).toBe('published');
  });

  it('stores the URN from the duplicate answer when the connection dropped after LinkedIn created the post', async () => {
    const user = await connectedUser();
    const { id, content } = await schedule(user);
    sandboxOf(app).injectFaults({ kind: 'drop-after-create' });
    await runFor(2);
    expect((await expectExactlyOnceOrFailed(user, id, content)).status).toBe('published');
  });

  it('fails a repeated text with LINKEDIN_DUPLICATE and the earlier post\'s link: LinkedIn\'s 422 on a first attempt is no success', async () => {
    const user = await connectedUser();
    const first = await schedule(user, 2, `Said once ${randomUUID()} #again`);
    await runFor(2);
    const earlier = await expectExactlyOnceOrFailed(user, first.id, first.content);
    expect(earlier.status).toBe('published');
    // A month later the user writes the very same text again.
    clock.advanceMinutes(30 * 24 * 60);
    const repeat = await user.post('/v1/posts', { content: first.content });
    const before = postRequests();
    expect((await user.post(`/v1/posts/${repeat.body.id}/publish`)).status).toBe(202);
    await step();

    const post = await read(user, repeat.body.id);
    expect(post).toMatchObject({ status: 'failed', linkedinUrn: null, linkedinUrl: null, publishedAt: null });
    expect(post.error.code).toBe('LINKEDIN_DUPLICATE');
    expect(post.error.message).toContain(earlier.linkedinUrl);
    expect(post.error.message).toMatch(/Change the text/);
    expect(postRequests() - before).toBe(1);
    expect(sandboxPostsOf(app, first.content)).toHaveLength(1);
    expect(app.publishing.events.published).toContainEqual(expect.objectContaining({ type: 'post.failed', postId: repeat.body.id, error: post.error }));

    // Changed by a few words, it goes out.
    expect((await user.patch(`/v1/posts/${repeat.body.id}`, { content: `${first.content} (once more, with feeling)` })).status).toBe(200);
    expect((await user.post(`/v1/posts/${repeat.body.id}/publish`)).status).toBe(202);
    await step();
    expect((await read(user, repeat.body.id)).status).toBe('published');
    watched.push({ user, id: repeat.body.id, content: `${first.content} (once more, with feeling)` });
  });

  it('survives a publisher crash between LinkedIn\'s 201 and the store: the lease expires, the post is re-driven, LinkedIn\'s duplicate answer gives the URN', async () => {
    const user = await connectedUser();
    const { id, content } = await schedule(user);
    crashOnPublishedWrite = 1;
    await runFor(2);
    expect(await read(user, id)).toMatchObject({ status: 'publishing', linkedinUrn: null });
    expect(sandboxPostsOf(app, content)).toHaveLength(1);
    // Another delivery inside the lease is ignored: the dead worker still "holds" the post.
    await app.publishing.queue.send({ userId: user.userId, postId: id, scheduledAt: (await read(user, id)).scheduledAt });
    await step();
    expect((await read(user, id)).status).toBe('publishing');
    await runFor(PUBLISHING.leaseSeconds / 60 + PUBLISHING.reconcileEveryMinutes + 1);
    const post = await expectExactlyOnceOrFailed(user, id, content);
    expect(post.status).toBe('published');
    expect(crashOnPublishedWrite).toBe(0);
  });

  it('publishes once when the same schedule message is delivered three times at once', async () => {
    const user = await connectedUser();
    const { id, content, message } = await schedule(user);
    clock.advanceMinutes(2);
    await app.publishing.queue.send(message);
    await app.publishing.queue.send(message);
    await step();
    expect((await expectExactlyOnceOrFailed(user, id, content)).status).toBe('published');
    // And once more, much later (SQS may redeliver at any time): still ignored.
    await app.publishing.queue.send(message);
    await step();
    expect(sandboxPostsOf(app, content)).toHaveLength(1);
  });

  it('publishes once when two publishers race for the same message', async () => {
    const user = await connectedUser();
    const { id, content, message } = await schedule(user);
    clock.advanceMinutes(2);
    const other = createPublisher(app.publishing.publisherDeps);
    const event = sqsEvent([message]);
    const results = await Promise.all([app.publishing.publisher(event, lambdaContext('a', 60_000)), other(event, lambdaContext('b', 60_000))]);
    expect(results).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect((await expectExactlyOnceOrFailed(user, id, content)).status).toBe('published');
  });

  it('on a 401: marks the connection, parks this post and the user\'s other due posts at once (later ones at their time, without calling LinkedIn), and a reconnect publishes each once', async () => {
    const user = await connectedUser();
    const first = await schedule(user, 2);
    const lost = await schedule(user, 2);
    const later = await schedule(user, 30);
    // `lost` lost its schedule: only the reconciler or a 401 elsewhere would find it.
    await app.publishing.scheduler.cancel(lost.message);
    const sub = ((await user.get('/v1/me')).body.linkedin.memberUrn as string).replace('urn:li:person:', '');
    sandboxOf(app).revokeTokens(sub);
    const before = postRequests();
    clock.advanceMinutes(2);
    await step();
    expect(postRequests() - before).toBe(1);
    for (const { id } of [first, lost]) expect(await read(user, id)).toMatchObject({ status: 'waiting', error: null, linkedinUrn: null });
    expect((await read(user, later.id)).status).toBe('scheduled');
    const me = (await user.get('/v1/me')).body;
    expect(me.linkedin).toMatchObject({ connected: true, needsReconnect: true });
    expect(me.postCounts).toMatchObject({ waiting: 2, scheduled: 1, failed: 0 });
    const events = app.publishing.events.published.filter((e) => e.userId === user.userId);
    expect(events.filter((e) => e.type === 'post.waiting').map((e) => 'postId' in e && e.postId).sort()).toEqual([first.id, lost.id].sort());
    expect(events.filter((e) => e.type === 'linkedin.connection_lost')).toEqual([expect.objectContaining({ reason: 'unauthorized' })]);
    expect(events.filter((e) => e.type === 'post.failed')).toEqual([]);
    const refused = await user.post(`/v1/posts/${first.id}/schedule`, { scheduledAt: new Date(clock.now().getTime() + 600_000).toISOString() });
    expect(refused.body.error.code).toBe('LINKEDIN_RECONNECT_REQUIRED');

    // The reconciler never re-drives waiting posts; the later post waits too at its time, without a call.
    await runFor(30);
    expect((await read(user, later.id)).status).toBe('waiting');
    for (const { id } of [first, lost]) expect((await read(user, id)).status).toBe('waiting');
    expect(postRequests() - before).toBe(1);
    expect(app.publishing.events.published.filter((e) => e.userId === user.userId && e.type === 'linkedin.connection_lost')).toHaveLength(1);

    // Reconnecting sends each out once, within a minute (here: the next tick or two).
    await connectLinkedIn(app, user, { member: `Member again ${randomUUID().slice(0, 8)}` });
    expect((await user.get('/v1/me')).body.linkedin.needsReconnect).toBe(false);
    await step();
    await step();
    for (const { id, content } of [first, lost, later]) expect((await expectExactlyOnceOrFailed(user, id, content)).status).toBe('published');
    expect(postRequests() - before).toBe(1 + 3);
    expect((await user.get('/v1/me')).body.postCounts).toMatchObject({ waiting: 0, scheduled: 0, published: 3 });
  });

  it('a post due after the user disconnected LinkedIn waits, without calling LinkedIn or announcing a lost connection, and goes out once on reconnect', async () => {
    const user = await connectedUser();
    const { id, content } = await schedule(user);
    expect((await user.delete('/v1/linkedin')).status).toBe(204);
    const before = postRequests();
    await runFor(2);
    expect(await read(user, id)).toMatchObject({ status: 'waiting', error: null });
    expect(postRequests() - before).toBe(0);
    expect(app.publishing.events.published.filter((e) => e.userId === user.userId && e.type === 'linkedin.connection_lost')).toEqual([]);
    // Hours later, still disconnected: still waiting (not MISSED), still nothing sent.
    await runFor(4 * 60);
    expect((await read(user, id)).status).toBe('waiting');

    await connectLinkedIn(app, user, { member: `Member back ${randomUUID().slice(0, 8)}` });
    await step();
    await step();
    const post = await expectExactlyOnceOrFailed(user, id, content);
    expect(post.status).toBe('published');
    expect(postRequests() - before).toBe(1);
  });

  it('keeps a post more than a day overdue waiting at the reconnect, for its owner to publish now or reschedule', async () => {
    const user = await connectedUser();
    const { id, content } = await schedule(user);
    expect((await user.delete('/v1/linkedin')).status).toBe(204);
    await runFor(2);
    expect((await read(user, id)).status).toBe('waiting');
    clock.advanceMinutes(25 * 60);
    await connectLinkedIn(app, user, { member: `Member late ${randomUUID().slice(0, 8)}` });
    await step();
    await step();
    expect((await read(user, id)).status).toBe('waiting');
    expect(sandboxPostsOf(app, content)).toHaveLength(0);

    // The owner's choice: publish now.
    expect((await user.post(`/v1/posts/${id}/publish`)).status).toBe(202);
    await step();
    expect((await expectExactlyOnceOrFailed(user, id, content)).status).toBe('published');
  });

  it('fails with LinkedIn\'s own message on another 4xx, without retrying', async () => {
    const user = await connectedUser();
    const { id, content } = await schedule(user);
    const before = postRequests();
    sandboxOf(app).injectFaults({ kind: 'status', status: 400, message: 'Commentary contains an invalid mention' });
    await runFor(2);
    const post = await expectExactlyOnceOrFailed(user, id, content);
    expect(post.error).toEqual(PUBLISH_FAILURES.rejected('Commentary contains an invalid mention'));
    expect(postRequests() - before).toBe(1);
  });

  it('ignores a message from before a reschedule and publishes once at the new time', async () => {
    const user = await connectedUser();
    const { id, content, message } = await schedule(user, 5);
    await user.post(`/v1/posts/${id}/schedule`, { scheduledAt: new Date(clock.now().getTime() + 20 * 60_000).toISOString() });
    clock.advanceMinutes(5);
    await app.publishing.queue.send(message);
    await step();
    expect((await read(user, id)).status).toBe('scheduled');
    expect(sandboxPostsOf(app, content)).toHaveLength(0);
    await runFor(15);
    expect((await expectExactlyOnceOrFailed(user, id, content)).status).toBe('published');
  });

  it('puts back a message that arrives before the post\'s time, with a delay, and publishes at the time', async () => {
    const user = await connectedUser();
    const { id, content, message } = await schedule(user, 10);
    await app.publishing.queue.send(message);
    await step();
    expect((await read(user, id)).status).toBe('scheduled');
    expect(app.publishing.queue.depth).toBe(1);
    await runFor(10);
    const post = await expectExactlyOnceOrFailed(user, id, content);
    expect(post.status).toBe('published');
    expect(Date.parse(post.publishedAt)).toBeGreaterThanOrEqual(Date.parse(post.scheduledAt));
  });

  it('fails a post as MISSED instead of publishing it hours late', async () => {
    const user = await connectedUser();
    const { id, content } = await schedule(user, 2);
    clock.advanceMinutes(2 + PUBLISHING.missedAfterMinutes + 1);
    await step();
    const post = await expectExactlyOnceOrFailed(user, id, content);
    expect(post.error.code).toBe('MISSED');
  });

  it('sends a message it cannot read to the DLQ after its receives, and says so in the log', async () => {
    await app.publishing.queue.send({ postId: 'not a post' } as unknown as PublishMessage);
    for (let i = 0; i < 8; i++) {
      await step(1);
      clock.advanceMinutes(7);
    }
    expect(app.publishing.queue.deadLetters).toEqual([expect.objectContaining({ body: '{"postId":"not a post"}', receiveCount: 5 })]);
    expect(logs.some((line) => line.includes('moved to the DLQ after 5 receives'))).toBe(true);
    app.publishing.queue.deadLetters.length = 0;
  });
});

describe('LinkedIn-Version', () => {
  it('fails posts with LinkedIn\'s 426 message when the configured version is no longer active', async () => {
    const old = await startTestApp({ clock, env: { LINKEDIN_VERSION: '202001' }, publishing: { tickMs: 0 } });
    try {
      const user = await old.signIn();
      await connectLinkedIn(old, user);
      const created = await user.post('/v1/posts', { content: 'Old version' });
      await user.post(`/v1/posts/${created.body.id}/publish`);
      await old.publishing.step();
      expect((await user.get(`/v1/posts/${created.body.id}`)).body.error).toEqual(PUBLISH_FAILURES.rejected('Requested version 202001 is not active'));
    } finally {
      await old.stop();
    }
  });
});
