import { beforeEach, describe, expect, it } from 'vitest';
import { publishMessageFor, releaseWaitingMessage } from '@lambdas/core/publishing/publish-message';
import { PUBLISHING } from '@lambdas/core/publishing/publishing-rules';
import { releaseWaitingPosts } from '@lambdas/core/publishing/waiting';
import type { Post } from '@lambdas/core/posts/post';
import { createPublisher } from '@lambdas/handlers/publisher';
import { lambdaContext } from '../../bin/runtime/proxy-event';
import { publisherHarness, type PublisherHarness } from '../support/publisher-harness';
import { LINKEDIN_ANSWERS as answers } from '../support/scripted-linkedin-client';
import { sqsEvent } from '../support/lambda-events';

/**
 * A post due while its owner has no working LinkedIn connection (they
 * disconnected, the token expired, or LinkedIn answered 401) waits for the
 * reconnect instead of failing (lambdas/core/publishing/waiting.ts): status
 * `waiting`, `post.waiting` for each, `linkedin.connection_lost` once when
 * Mark.0 lost the connection (never for a deliberate disconnect). After the
 * reconnect, each waiting post at most a day overdue goes out once; older ones
 * wait for their owner's choice.
 */
const DUE = '2026-11-25T09:00:00.000Z';
const URN = 'urn:li:share:7141138937766391808';
const HOUR = 3_600_000;

let h: PublisherHarness;
beforeEach(async () => {
  h = publisherHarness({ now: DUE });
  await h.addUser('ada');
});

const stored = (post: Post) => h.posts.get(post.userId, post.id);
const counts = async (userId: string) => {
  const profile = (await h.users.get(userId))!;
  return { scheduled: profile.scheduledPosts ?? 0, waiting: profile.waitingPosts ?? 0, failed: profile.failedPosts ?? 0 };
};
const eventTypes = () => h.events.events.map((e) => [e.type, 'postId' in e ? e.postId : e.userId]);

/** The user reconnects: a new token, status connected again (what POST /v1/linkedin/complete saves). */
async function reconnect(userId: string): Promise<void> {
  const connection = (await h.connections.get(userId))!;
  const now = h.clock.now();
  await h.connections.save({ ...connection, status: 'connected', expiresAt: new Date(now.getTime() + 60 * 86_400_000).toISOString(), connectedAt: now.toISOString(), updatedAt: now.toISOString() });
}

describe('LinkedIn answering 401 (the token was revoked)', () => {
  it('marks the connection once, parks this post and the user\'s other due posts, announces each and the lost connection; later posts and other users untouched', async () => {
    await h.addUser('bob');
    const earlier = await h.scheduledPost('ada', '2026-11-25T08:59:00.000Z');
    const post = await h.scheduledPost('ada', DUE);
    const tomorrow = await h.scheduledPost('ada', '2026-11-26T09:00:00.000Z');
    const bobs = await h.scheduledPost('bob', '2026-11-25T08:58:00.000Z');
    h.linkedin.answer(answers.unauthorized());

    const outcome = await h.deliver(post);

    expect(outcome).toEqual({ kind: 'waiting', posts: [await stored(post), await stored(earlier)] });
    expect(await stored(post)).toMatchObject({ status: 'waiting', scheduledAt: DUE, error: null, leaseUntil: null, attempts: 0 });
    expect(await stored(earlier)).toMatchObject({ status: 'waiting', scheduledAt: '2026-11-25T08:59:00.000Z', error: null, attempts: 0 });
    expect(await stored(tomorrow)).toEqual(tomorrow);
    expect(await stored(bobs)).toEqual(bobs);
    expect(await h.connections.get('ada')).toMatchObject({ status: 'needsReconnect', updatedAt: DUE });
    expect(h.connections.reconnectMarks).toEqual([{ userId: 'ada', at: DUE }]);
    expect(h.audit.events).toEqual([{ userId: 'ada', event: { type: 'linkedin.reconnect_required', data: { memberUrn: 'urn:li:person:member-ada', reason: 'unauthorized' } } }]);
    // The lost connection is announced last, once its waiting posts are in the table (a mail lists them).
    expect(eventTypes()).toEqual([
      ['post.waiting', post.id],
      ['post.waiting', earlier.id],
      ['linkedin.connection_lost', 'ada'],
    ]);
    expect(h.events.events.at(-1)).toEqual({ type: 'linkedin.connection_lost', userId: 'ada', reason: 'unauthorized', at: DUE });
    expect(h.linkedin.calls).toHaveLength(1);
    expect(await counts('ada')).toEqual({ scheduled: 1, waiting: 2, failed: 0 });
    expect(await h.scheduledCount('bob')).toBe(1);
  });

  it('then parks the later post when it falls due, without calling LinkedIn, marking or announcing the connection again', async () => {
    const post = await h.scheduledPost('ada', DUE);
    const later = await h.scheduledPost('ada', '2026-11-25T12:00:00.000Z');
    h.linkedin.answer(answers.unauthorized());
    await h.deliver(post);
    h.clock.advance(3 * HOUR);

    expect(await h.deliver(later)).toMatchObject({ kind: 'waiting', posts: [{ id: later.id, status: 'waiting' }] });

    expect(h.linkedin.calls).toHaveLength(1);
    expect(h.connections.reconnectMarks).toHaveLength(1);
    expect(h.audit.events).toHaveLength(1);
    expect(eventTypes()).toEqual([
      ['post.waiting', post.id],
      ['linkedin.connection_lost', 'ada'],
      ['post.waiting', later.id],
    ]);
  });

  it('parks every due post of the user, however many pages (of 100) they take', async () => {
    const post = await h.scheduledPost('ada', DUE);
    const others = [];
    for (let i = 1; i <= 120; i++) others.push(await h.scheduledPost('ada', new Date(Date.parse(DUE) - i * 60_000).toISOString()));
    h.linkedin.answer(answers.unauthorized());

    const outcome = await h.deliver(post);

    expect(outcome.kind === 'waiting' && outcome.posts).toHaveLength(121);
    for (const other of others) expect((await stored(other))?.status).toBe('waiting');
    expect(await counts('ada')).toEqual({ scheduled: 0, waiting: 121, failed: 0 });
  });

  it('keeps what an earlier call left: LinkedIn may hold a post whose earlier call timed out', async () => {
    const post = await h.scheduledPost('ada', DUE);
    h.linkedin.answer(answers.timeout(), answers.unauthorized());

    await h.deliver(post);

    expect(await stored(post)).toMatchObject({ status: 'waiting', mayBeOnLinkedIn: true });
  });
});

describe('a post due without a working connection waits, without calling LinkedIn', () => {
  it('when the token has expired: the connection is marked and its loss announced once (reason expired)', async () => {
    h = publisherHarness({ now: DUE });
    await h.addUser('ada', { expiresAt: DUE });
    const post = await h.scheduledPost('ada', DUE);
    const next = await h.scheduledPost('ada', '2026-11-25T09:05:00.000Z');

    expect(await h.deliver(post)).toEqual({ kind: 'waiting', posts: [await stored(post)] });
    h.clock.advance(5 * 60_000);
    expect(await h.deliver(next)).toMatchObject({ kind: 'waiting' });

    expect(h.linkedin.calls).toEqual([]);
    expect(h.connections.reconnectMarks).toEqual([{ userId: 'ada', at: DUE }]);
    expect(h.audit.events).toEqual([{ userId: 'ada', event: { type: 'linkedin.reconnect_required', data: { memberUrn: 'urn:li:person:member-ada', reason: 'expired' } } }]);
    expect(eventTypes()).toEqual([
      ['post.waiting', post.id],
      ['linkedin.connection_lost', 'ada'],
      ['post.waiting', next.id],
    ]);
    expect(h.events.events[1]).toEqual({ type: 'linkedin.connection_lost', userId: 'ada', reason: 'expired', at: DUE });
  });

  it('when the user disconnected on purpose: the post waits, and no lost connection is announced', async () => {
    h = publisherHarness({ now: DUE });
    await h.addUser('ada', false);
    const earlier = await h.scheduledPost('ada', '2026-11-25T08:59:00.000Z');
    const post = await h.scheduledPost('ada', DUE);

    const outcome = await h.deliver(post);

    expect(outcome).toEqual({ kind: 'waiting', posts: [await stored(post)] });
    expect(await stored(post)).toMatchObject({ status: 'waiting', error: null, attempts: 0 });
    expect(await stored(earlier)).toEqual(earlier);
    expect(h.events.events).toEqual([{ type: 'post.waiting', userId: 'ada', postId: post.id, scheduledAt: DUE }]);
    expect([h.linkedin.calls, h.connections.reconnectMarks, h.audit.events]).toEqual([[], [], []]);
  });

  it(`however late: a post more than ${PUBLISHING.missedAfterMinutes} minutes late waits rather than failing as MISSED`, async () => {
    h = publisherHarness({ now: DUE });
    await h.addUser('ada', false);
    const post = await h.scheduledPost('ada', DUE);
    h.clock.advance(10 * HOUR);

    expect(await h.deliver(post)).toMatchObject({ kind: 'waiting' });
    expect((await stored(post))?.status).toBe('waiting');
  });

  it('when the publisher that held it died: the post waits, keeping that LinkedIn may hold it', async () => {
    h = publisherHarness({ now: DUE });
    await h.addUser('ada', { status: 'needsReconnect' });
    const post = await h.scheduledPost('ada', DUE, { status: 'publishing', leaseUntil: '2026-11-25T09:02:00.000Z', attempts: 1, mayBeOnLinkedIn: true });
    h.clock.advance(PUBLISHING.leaseSeconds * 1000);

    expect(await h.deliver(post)).toMatchObject({ kind: 'waiting' });
    expect(await stored(post)).toMatchObject({ status: 'waiting', leaseUntil: null, attempts: 0, mayBeOnLinkedIn: true });
    // Marked already (an earlier 401): nothing announced again.
    expect(h.events.events.map((e) => e.type)).toEqual(['post.waiting']);
  });
});

describe('after the user reconnects', () => {
  async function waitingPosts(): Promise<{ recent: Post; early: Post; old: Post }> {
    const old = await h.scheduledPost('ada', '2026-11-24T08:00:00.000Z', {}, 'Old news');
    const early = await h.scheduledPost('ada', '2026-11-25T04:00:00.000Z', {}, 'Early bird');
    const recent = await h.scheduledPost('ada', DUE, {}, 'Fresh');
    h.linkedin.answer(answers.unauthorized());
    await h.deliver(recent);
    h.events.events.length = 0;
    return { recent: (await stored(recent))!, early: (await stored(early))!, old: (await stored(old))! };
  }

  it(`makes each waiting post at most ${PUBLISHING.waitingReleaseWithinHours} h overdue due now and queues it once; older ones keep waiting for their owner`, async () => {
    const { recent, early, old } = await waitingPosts();
    expect([recent.status, early.status, old.status]).toEqual(['waiting', 'waiting', 'waiting']);
    h.clock.advance(2 * HOUR);
    await reconnect('ada');

    const { released, kept } = await releaseWaitingPosts(h.deps, 'ada');

    const now = '2026-11-25T11:00:00.000Z';
    expect(released.map((p) => p.id).sort()).toEqual([recent.id, early.id].sort());
    expect(kept.map((p) => p.id)).toEqual([old.id]);
    for (const post of [recent, early]) expect(await stored(post)).toMatchObject({ status: 'scheduled', scheduledAt: now, attempts: 0, error: null });
    expect(await stored(old)).toEqual(old);
    expect(h.queue.sent.map((s) => s.message).sort((a, b) => ('postId' in a && 'postId' in b ? a.postId.localeCompare(b.postId) : 0))).toEqual(
      [recent, early].map((post) => ({ userId: 'ada', postId: post.id, scheduledAt: now })).sort((a, b) => a.postId.localeCompare(b.postId)),
    );
    expect(await counts('ada')).toEqual({ scheduled: 2, waiting: 1, failed: 0 });

    // A second release (the message delivered twice, or another reconnect) finds nothing left to move.
    expect((await releaseWaitingPosts(h.deps, 'ada')).released).toEqual([]);
    expect(h.queue.sent).toHaveLength(2);
  });

  it(`publishes each once, ${PUBLISHING.missedAfterMinutes / 60} hours late or more (not MISSED), and PublishDelay counts from the reconnect`, async () => {
    const { early } = await waitingPosts();
    h.clock.advance(2 * HOUR);
    await reconnect('ada');
    await releaseWaitingPosts(h.deps, 'ada');
    h.clock.advance(3_000);
    h.linkedin.answer(answers.created(URN), answers.created('urn:li:share:2'));

    const outcomes = [];
    for (const { message } of h.queue.sent.splice(0)) outcomes.push(await h.deliver(message as ReturnType<typeof publishMessageFor>));

    expect(outcomes.map((o) => o.kind)).toEqual(['published', 'published']);
    expect(outcomes.map((o) => (o.kind === 'published' ? o.delaySeconds : undefined))).toEqual([3, 3]);
    expect(await stored(early)).toMatchObject({ status: 'published' });
    // The old schedule messages of the waiting posts, still in flight somewhere, change nothing.
    expect(await h.deliver(publishMessageFor(early))).toMatchObject({ kind: 'ignored' });
    expect(h.linkedin.calls).toHaveLength(1 + 2);
  });

  it('releases nothing while the connection is still (or again) not working', async () => {
    await waitingPosts();
    expect(await releaseWaitingPosts(h.deps, 'ada')).toEqual({ released: [], kept: [] });
    await h.connections.delete('ada');
    expect(await releaseWaitingPosts(h.deps, 'ada')).toEqual({ released: [], kept: [] });
    expect(h.queue.sent).toEqual([]);
  });

  it('the publisher function takes the release message off the queue, and a malformed one fails its record', async () => {
    const { recent } = await waitingPosts();
    await reconnect('ada');
    const publisher = createPublisher(h.deps);

    const result = await publisher(sqsEvent([releaseWaitingMessage('ada'), { kind: 'release-waiting' }]), lambdaContext('publisher', 60_000));

    expect(result.batchItemFailures).toHaveLength(1);
    expect((await stored(recent))?.status).toBe('scheduled');
    expect(h.queue.sent.map((s) => s.message)).toContainEqual(expect.objectContaining({ postId: recent.id }));
  });
});
