import { beforeEach, describe, expect, it } from 'vitest';
import { revise, type Post } from '@lambdas/core/posts/post';
import { PUBLISH_FAILURES } from '@lambdas/core/publishing/publish-failures';
import { publishMessageFor } from '@lambdas/core/publishing/publish-message';
import { publishScheduledPost } from '@lambdas/core/publishing/publish-post';
import { expectedOf, type PostStore } from '@lambdas/core/ports/post-store';
import { PUBLISHING } from '@lambdas/core/publishing/publishing-rules';
import { ACCESS_TOKEN, publisherHarness, type PublisherHarness } from '../support/publisher-harness';
import { LINKEDIN_ANSWERS as answers } from '../support/scripted-linkedin-client';

/**
 * Every outcome of publishScheduledPost (lambdas/core/publishing/publish-post.ts)
 * against in-memory twins of its ports: what it returns, what it leaves in the
 * store, and what it told LinkedIn, the audit log, the event bus and the queue.
 * The duplicate answer has its own file (publish-post-duplicate.test.ts), and so
 * has a post due without a working LinkedIn connection (publish-post-waiting.test.ts).
 */
const DUE = '2026-11-25T09:00:00.000Z';
const URN = 'urn:li:share:7141138937766391808';
const seconds = (s: number) => s * 1000;

let h: PublisherHarness;
beforeEach(async () => {
  h = publisherHarness({ now: DUE });
  await h.addUser('ada');
});

/** The store, but its first read of a post is `before` (a read from before a change): later reads see the store. */
function readingOnceFromBefore(before: Post): PostStore {
  let reads = 0;
  return Object.assign(Object.create(h.posts) as PostStore, { get: async (userId: string, postId: string) => (reads++ === 0 ? before : h.posts.get(userId, postId)) });
}

/** The waits a claim made, each within the ±20% jitter of the expected one. */
function expectWaits(expected: number[]): void {
  expect(h.sleeps).toHaveLength(expected.length);
  h.sleeps.forEach((ms, i) => {
    expect(ms).toBeGreaterThanOrEqual(expected[i]! * 0.8);
    expect(ms).toBeLessThanOrEqual(expected[i]! * 1.2);
  });
}

/** The post as stored now. */
const stored = (post: Post) => h.posts.get(post.userId, post.id);

describe('a due post, claimed and published', () => {
  it('is published once: URN stored, lease cleared, audited, announced, with its delay', async () => {
    const post = await h.scheduledPost('ada', DUE, {}, 'Lessons (3) from #ops @ scale');
    h.clock.advance(seconds(4));
    h.linkedin.answer(answers.created(URN));

    const outcome = await h.deliver(post);

    const at = '2026-11-25T09:00:04.000Z';
    expect(outcome).toEqual({ kind: 'published', post: await stored(post), duplicate: false, delaySeconds: 4 });
    expect(await stored(post)).toEqual({
      ...post,
      status: 'published',
      linkedinUrn: URN,
      publishedAt: at,
      leaseUntil: null,
      error: null,
      attempts: 1,
      // Written with the claim, before the call: LinkedIn may hold it from then on, and the bytes sent.
      mayBeOnLinkedIn: true,
      sentCommentary: 'Lessons \\(3\\) from {hashtag|\\#|ops} \\@ scale',
      updatedAt: at,
      version: post.version + 2,
    });
    // Claimed first (one conditional write with a lease), then the URN stored: two writes.
    expect(h.posts.writes.slice(-2).map((w) => [w.post.status, w.post.leaseUntil])).toEqual([
      ['publishing', '2026-11-25T09:02:04.000Z'],
      ['published', null],
    ]);
    expect(h.linkedin.calls).toEqual([{ accessToken: ACCESS_TOKEN, author: 'urn:li:person:member-ada', commentary: 'Lessons \\(3\\) from {hashtag|\\#|ops} \\@ scale' }]);
    expect(h.audit.events).toEqual([{ userId: 'ada', event: { type: 'post.published', data: { postId: post.id, linkedinUrn: URN } } }]);
    expect(h.events.events).toEqual([{ type: 'post.published', userId: 'ada', postId: post.id, scheduledAt: DUE, publishedAt: at, linkedinUrn: URN, delaySeconds: 4 }]);
    expect(h.queue.sent).toEqual([]);
    expect(await h.scheduledCount('ada')).toBe(0);
  });
});

describe('a message that no longer matches its post is ignored, touching nothing', () => {
  const cases: [string, (post: Post) => Promise<unknown>, string][] = [
    ['deleted', (post) => h.posts.delete(post.userId, post.id, post), 'the post no longer exists'],
    ['rescheduled', (post) => h.posts.update(revise(post, { scheduledAt: '2026-11-25T10:00:00.000Z' }, h.clock.now()), post), 'the post was rescheduled or unscheduled after this message was made'],
    ['unscheduled', (post) => h.posts.update(revise(post, { status: 'draft', scheduledAt: null }, h.clock.now()), post), 'the post was rescheduled or unscheduled after this message was made'],
    ['already published', (post) => h.posts.update(revise(post, { status: 'published', publishedAt: DUE, linkedinUrn: URN }, h.clock.now()), post), 'the post is published'],
    ['failed', (post) => h.posts.update(revise(post, { status: 'failed', error: PUBLISH_FAILURES.missed() }, h.clock.now()), post), 'the post is failed'],
    ['waiting for a reconnect (only a reconnect or its owner sends it again)', (post) => h.posts.update(revise(post, { status: 'waiting' }, h.clock.now()), post), 'the post is waiting'],
  ];

  it.each(cases)('%s', async (_, change, reason) => {
    const post = await h.scheduledPost('ada', DUE);
    const message = publishMessageFor(post);
    await change(post);
    const before = await stored(post);
    const writes = h.posts.writes.length;

    expect(await h.deliver(message)).toEqual({ kind: 'ignored', reason });

    expect(await stored(post)).toEqual(before);
    expect(h.posts.writes).toHaveLength(writes);
    expect([h.linkedin.calls, h.events.events, h.audit.events, h.queue.sent]).toEqual([[], [], [], []]);
  });
});

describe('a message that arrives before its post is due', () => {
  it.each([
    ['10 minutes early: sent again to arrive on time', 600_000, 600],
    ['1.2 s early: the delay rounds up, never arriving early again', 1_200, 2],
    ['an hour early: SQS delays at most 15 minutes, the next arrival defers again', 3_600_000, PUBLISHING.maxQueueDelaySeconds],
  ])('%s', async (_, earlyMs, delaySeconds) => {
    const post = await h.scheduledPost('ada', DUE);
    h.clock.advance(-earlyMs);
    const writes = h.posts.writes.length;

    expect(await h.deliver(post)).toEqual({ kind: 'deferred', delaySeconds });

    expect(h.queue.sent).toEqual([{ message: publishMessageFor(post), delaySeconds }]);
    expect(await stored(post)).toEqual(post);
    expect(h.posts.writes).toHaveLength(writes);
    expect(h.linkedin.calls).toEqual([]);
  });
});

describe('a post too late to publish', () => {
  it(`fails as MISSED, without calling LinkedIn, when never attempted and more than ${PUBLISHING.missedAfterMinutes} minutes late`, async () => {
    const post = await h.scheduledPost('ada', DUE);
    h.clock.advance(PUBLISHING.missedAfterMinutes * 60_000 + 1);

    const outcome = await h.deliver(post);

    const failed = { ...post, status: 'failed', error: PUBLISH_FAILURES.missed(), leaseUntil: null, updatedAt: h.clock.now().toISOString(), version: post.version + 1 };
    expect(outcome).toEqual({ kind: 'failed', posts: [failed] });
    expect(await stored(post)).toEqual(failed);
    expect(h.events.events).toEqual([{ type: 'post.failed', userId: 'ada', postId: post.id, scheduledAt: DUE, error: PUBLISH_FAILURES.missed() }]);
    expect(h.linkedin.calls).toEqual([]);
    expect(h.audit.events).toEqual([]);
    expect(await h.scheduledCount('ada')).toBe(0);
  });

  it('is still published at exactly the limit', async () => {
    const post = await h.scheduledPost('ada', DUE);
    h.clock.advance(PUBLISHING.missedAfterMinutes * 60_000);
    h.linkedin.answer(answers.created(URN));

    expect(await h.deliver(post)).toMatchObject({ kind: 'published', delaySeconds: PUBLISHING.missedAfterMinutes * 60 });
    expect(await stored(post)).toMatchObject({ status: 'published', linkedinUrn: URN });
  });

  it('is still tried when an earlier attempt was released for a retry (it is late because LinkedIn was busy)', async () => {
    const post = await h.scheduledPost('ada', DUE, { attempts: 1 });
    h.clock.advance(PUBLISHING.missedAfterMinutes * 60_000 + 60_000);
    h.linkedin.answer(answers.created(URN));

    expect(await h.deliver(post)).toMatchObject({ kind: 'published' });
    expect(await stored(post)).toMatchObject({ status: 'published', attempts: 2 });
    // Its consumers read how late it went out from the event itself.
    expect(h.events.events).toEqual([expect.objectContaining({ type: 'post.published', scheduledAt: DUE, delaySeconds: PUBLISHING.missedAfterMinutes * 60 + 60 })]);
  });
});

describe('the lease', () => {
  it('held by another publisher: the message is ignored and the post left to it', async () => {
    const post = await h.scheduledPost('ada', DUE, { status: 'publishing', leaseUntil: '2026-11-25T09:02:00.000Z', attempts: 1 });
    h.clock.advance(seconds(119));

    expect(await h.deliver(post)).toEqual({ kind: 'ignored', reason: 'another publisher holds the post (its lease has not expired)' });

    expect(await stored(post)).toEqual(post);
    expect(h.linkedin.calls).toEqual([]);
  });

  it('expired (its publisher died): the post is claimed again, with a new lease and one more attempt', async () => {
    const post = await h.scheduledPost('ada', DUE, { status: 'publishing', leaseUntil: '2026-11-25T09:02:00.000Z', attempts: 1 });
    h.clock.advance(seconds(120));
    h.linkedin.answer(answers.created(URN));

    expect(await h.deliver(post)).toMatchObject({ kind: 'published', duplicate: false });

    expect(h.posts.writes.at(-2)?.post).toMatchObject({ status: 'publishing', leaseUntil: '2026-11-25T09:04:00.000Z', attempts: 2, version: post.version + 1 });
    expect(await stored(post)).toMatchObject({ status: 'published', linkedinUrn: URN, attempts: 2, leaseUntil: null });
    expect(h.linkedin.calls).toHaveLength(1);
  });

  it('lost while LinkedIn answered (another publisher claimed the post meanwhile): the URN is not stored by this one', async () => {
    const post = await h.scheduledPost('ada', DUE);
    let reclaimed: Post | undefined;
    h.linkedin.answer(async () => {
      // LinkedIn took longer than the lease; the reconciler's message got the post to another publisher.
      h.clock.advance(seconds(PUBLISHING.leaseSeconds + 1));
      const claimed = (await stored(post))!;
      reclaimed = revise(claimed, { leaseUntil: '2026-11-25T09:04:01.000Z', attempts: 2 }, h.clock.now());
      await h.posts.update(reclaimed, claimed);
      return answers.created(URN);
    });

    expect(await h.deliver(post)).toEqual({
      kind: 'ignored',
      reason: "the lease ran out before the URN was stored; the next claim stores it from LinkedIn's duplicate answer",
    });

    expect(await stored(post)).toEqual(reclaimed);
    expect([h.audit.events, h.events.events]).toEqual([[], []]);
  });

  it('won by another publisher between reading and claiming: this one reads the post again, lets it be and calls nobody', async () => {
    const post = await h.scheduledPost('ada', DUE);
    const readBeforeTheOtherClaimed = (await stored(post))!;
    h.linkedin.answer(answers.created(URN));
    await h.deliver(post);
    // This publisher's first read is from before the other one's claim: the same store, but that read is from then.
    const posts = readingOnceFromBefore(readBeforeTheOtherClaimed);

    expect(await publishScheduledPost({ ...h.deps, posts }, publishMessageFor(post))).toEqual({ kind: 'ignored', reason: 'the post is published' });

    expect(h.linkedin.calls).toHaveLength(1);
    expect(await stored(post)).toMatchObject({ status: 'published', linkedinUrn: URN, attempts: 1 });
  });

  it('edited between reading and claiming (still due at its time): the message is not dropped, the post goes out once, as edited', async () => {
    const post = await h.scheduledPost('ada', DUE);
    const readBeforeTheEdit = (await stored(post))!;
    // The user's edit lands after this publisher's read: a new version, same time, new words.
    await h.posts.update(revise(readBeforeTheEdit, { content: 'Edited at the last second' }, h.clock.now()), expectedOf(readBeforeTheEdit));
    h.linkedin.answer(answers.created(URN));

    expect(await publishScheduledPost({ ...h.deps, posts: readingOnceFromBefore(readBeforeTheEdit) }, publishMessageFor(post))).toMatchObject({ kind: 'published' });

    expect(h.linkedin.calls).toHaveLength(1);
    expect(h.linkedin.calls[0]!.commentary).toBe('Edited at the last second');
    expect(await stored(post)).toMatchObject({ status: 'published', linkedinUrn: URN, content: 'Edited at the last second' });
  });

  it('changed at every read: after a few tries the message is given back for later (retry), never dropped', async () => {
    const post = await h.scheduledPost('ada', DUE);
    const stale = (await stored(post))!;
    await h.posts.update(revise(stale, { content: 'Changed' }, h.clock.now()), expectedOf(stale));
    const posts: PostStore = Object.assign(Object.create(h.posts) as PostStore, { get: async () => stale });

    expect(await publishScheduledPost({ ...h.deps, posts }, publishMessageFor(post))).toMatchObject({ kind: 'retry' });
    expect(h.linkedin.calls).toHaveLength(0);
    expect(await stored(post)).toMatchObject({ status: 'scheduled', content: 'Changed' });
  });
});

describe('LinkedIn busy or unreachable (429, 5xx, timeout)', () => {
  it('is retried inline after the short waits, and a later success publishes', async () => {
    const post = await h.scheduledPost('ada', DUE);
    h.linkedin.answer(answers.throttled(), answers.serverError(), answers.created(URN));

    const outcome = await h.deliver(post);

    expectWaits([...PUBLISHING.inlineRetryDelaysMs]);
    // Late by the waits: the delay reported (PublishDelay) is from the due time, not from the claim.
    expect(outcome).toMatchObject({ kind: 'published' });
    expect(outcome.kind === 'published' && outcome.delaySeconds).toBeCloseTo((h.sleeps[0]! + h.sleeps[1]!) / 1000, 2);
    expect(h.linkedin.calls).toHaveLength(3);
    expect(await stored(post)).toMatchObject({ status: 'published', linkedinUrn: URN, attempts: 1 });
  });

  it('waits as long as Retry-After asks when that is longer than the short wait', async () => {
    const post = await h.scheduledPost('ada', DUE);
    h.linkedin.answer(answers.throttled(7), answers.created(URN));

    expect(await h.deliver(post)).toMatchObject({ kind: 'published' });
    expect(h.sleeps).toEqual([seconds(7)]);
  });

  it('keeps the short wait when Retry-After asks for less', async () => {
    const post = await h.scheduledPost('ada', DUE);
    h.linkedin.answer(answers.throttled(0), answers.created(URN));

    expect(await h.deliver(post)).toMatchObject({ kind: 'published' });
    expectWaits([PUBLISHING.inlineRetryDelaysMs[0]!]);
  });

  it(`does not wait out a Retry-After over ${PUBLISHING.maxInlineRetryAfterSeconds} s: the post is released at once for the queue's redelivery`, async () => {
    const post = await h.scheduledPost('ada', DUE);
    h.linkedin.answer(answers.throttled(PUBLISHING.maxInlineRetryAfterSeconds + 1));

    const outcome = await h.deliver(post);

    expect(outcome).toEqual({ kind: 'retry', reason: `LinkedIn throttled: ${answers.throttled().message}` });
    expect(h.sleeps).toEqual([]);
    expect(h.linkedin.calls).toHaveLength(1);
    expect(await stored(post)).toMatchObject({ status: 'scheduled', scheduledAt: DUE, leaseUntil: null, attempts: 1 });
  });

  it('starts no wait the invocation has no time left for (the wait, a LinkedIn timeout and 2 s of margin)', async () => {
    const post = await h.scheduledPost('ada', DUE);
    h.linkedin.answer(answers.timeout(), answers.timeout());
    const deadline = h.clock.now().getTime() + 14_000;

    const outcome = await h.deliver(post, { remainingMs: () => deadline - h.clock.now().getTime() });

    // 14 s left: room for the first wait (≤ 1.2 s + 12 s), not for the second (≥ 2.4 s + 12 s) after it.
    expect(outcome).toMatchObject({ kind: 'retry', reason: 'LinkedIn unavailable: LinkedIn did not answer within 10000 ms.' });
    expectWaits([PUBLISHING.inlineRetryDelaysMs[0]!]);
    expect(h.linkedin.calls).toHaveLength(2);
  });

  it('after the inline retries, releases the post (same due time, attempt counted, back in the counter) for a redelivery', async () => {
    const post = await h.scheduledPost('ada', DUE);
    h.linkedin.answer(answers.serverError(), answers.timeout(), answers.throttled());
    const writes = h.posts.writes.length;

    expect(await h.deliver(post)).toEqual({ kind: 'retry', reason: `LinkedIn throttled: ${answers.throttled().message}` });

    expect(h.linkedin.calls).toHaveLength(1 + PUBLISHING.inlineRetryDelaysMs.length);
    expect(h.posts.writes.slice(writes).map((w) => w.post.status)).toEqual(['publishing', 'scheduled']);
    // A 5xx or a timeout may have published it: a later duplicate answer is this post's own success.
    expect(await stored(post)).toEqual({ ...post, status: 'scheduled', leaseUntil: null, attempts: 1, mayBeOnLinkedIn: true, sentCommentary: h.linkedin.calls[0]!.commentary, updatedAt: h.clock.now().toISOString(), version: post.version + 2 });
    expect(await h.scheduledCount('ada')).toBe(1);
    expect([h.events.events, h.audit.events, h.queue.sent]).toEqual([[], [], []]);
  });

  it(`fails as LINKEDIN_UNAVAILABLE on the ${PUBLISHING.maxAttempts}th claim that finds LinkedIn still down`, async () => {
    const post = await h.scheduledPost('ada', DUE);
    const callsPerClaim = 1 + PUBLISHING.inlineRetryDelaysMs.length;
    h.linkedin.answer(...Array.from({ length: PUBLISHING.maxAttempts * callsPerClaim }, () => answers.serverError()));

    const outcomes = [];
    for (let delivery = 1; delivery <= PUBLISHING.maxAttempts; delivery++) {
      outcomes.push((await h.deliver(post)).kind);
      h.clock.advance(seconds(60)); // the queue's redelivery
    }

    expect(outcomes).toEqual([...Array(PUBLISHING.maxAttempts - 1).fill('retry'), 'failed']);
    const error = PUBLISH_FAILURES.unavailable(PUBLISHING.maxAttempts);
    expect(error.message).toContain(`${PUBLISHING.maxAttempts} times in a row`);
    expect(await stored(post)).toMatchObject({ status: 'failed', error, attempts: PUBLISHING.maxAttempts, leaseUntil: null });
    expect(h.linkedin.pending).toBe(0);
    expect(h.events.events).toEqual([{ type: 'post.failed', userId: 'ada', postId: post.id, scheduledAt: DUE, error }]);
    expect(await h.scheduledCount('ada')).toBe(0);
  });

  it(`fails a post whose publishers kept dying, after ${PUBLISHING.maxAttempts} claims, without calling LinkedIn again`, async () => {
    const post = await h.scheduledPost('ada', DUE, { status: 'publishing', leaseUntil: '2026-11-25T09:02:00.000Z', attempts: PUBLISHING.maxAttempts });
    h.clock.advance(seconds(PUBLISHING.leaseSeconds));

    expect(await h.deliver(post)).toMatchObject({ kind: 'failed', posts: [{ id: post.id, error: PUBLISH_FAILURES.unavailable(PUBLISHING.maxAttempts) }] });
    expect(h.linkedin.calls).toEqual([]);
  });
});

describe('LinkedIn refusing the post (a 4xx other than 401)', () => {
  it('fails it as LINKEDIN_REJECTED quoting LinkedIn\'s own message, without retrying', async () => {
    const post = await h.scheduledPost('ada', DUE);
    const message = 'Organization permissions must be used when using organization as author';
    h.linkedin.answer(answers.rejected(403, message));

    const outcome = await h.deliver(post);

    const error = PUBLISH_FAILURES.rejected(message);
    expect(error.message).toBe(
      'LinkedIn refused this post, so nothing was published. It said: “Organization permissions must be used when using organization as author”. ' +
        'If that names something in the post (its text, a file, the poll), change it, then press Retry.',
    );
    expect(outcome).toEqual({ kind: 'failed', posts: [await stored(post)] });
    expect(await stored(post)).toMatchObject({ status: 'failed', error, leaseUntil: null, attempts: 1, linkedinUrn: null });
    expect(h.linkedin.calls).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
    expect(h.events.events).toEqual([{ type: 'post.failed', userId: 'ada', postId: post.id, scheduledAt: DUE, error }]);
  });
});
