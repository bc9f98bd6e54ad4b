import { beforeEach, describe, expect, it } from 'vitest';
import { revise } from '@lambdas/core/posts/post';
import { updatePost } from '@lambdas/core/posts/post-use-cases';
import { PUBLISH_FAILURES } from '@lambdas/core/publishing/publish-failures';
import { PUBLISHING } from '@lambdas/core/publishing/publishing-rules';
import { MemoryAccountReader } from '../support/memory-account-reader';
import { publisherHarness, type PublisherHarness } from '../support/publisher-harness';
import { LINKEDIN_ANSWERS as answers } from '../support/scripted-linkedin-client';

/**
 * LinkedIn's 422 DUPLICATE_POST naming a post (LinkedInHttpClient reports it as
 * `duplicate` only when the message names one; otherwise as a plain 422
 * rejection). LinkedIn refuses a text its author already posted, whoever posted
 * it, so the answer proves this post's success only when an earlier call for
 * this very post may have reached LinkedIn (`mayBeOnLinkedIn`, written with the
 * claim before each call): a timeout, a lost connection, a 5xx, a publisher that
 * died or lost its lease mid-call. Then the URN LinkedIn names is stored. Any
 * other duplicate is the user repeating an older post: the post fails with
 * LINKEDIN_DUPLICATE, the earlier post's link and what to change.
 */
const DUE = '2026-11-25T09:00:00.000Z';
const EARLIER_URN = 'urn:li:share:7141138937766391808';
const EARLIER_URL = `https://www.linkedin.com/feed/update/${EARLIER_URN}`;

let h: PublisherHarness;
beforeEach(async () => {
  h = publisherHarness({ now: DUE });
  await h.addUser('ada');
});

describe('a duplicate answer after an earlier call that may have published this post: the post\'s own success', () => {
  it('after a publisher died between LinkedIn\'s 201 and storing the URN: the next claim stores the URN LinkedIn names', async () => {
    // What the dead publisher's claim left: publishing, its lease, and "LinkedIn may hold it" (written before its call).
    const post = await h.scheduledPost('ada', DUE, { status: 'publishing', leaseUntil: '2026-11-25T09:02:00.000Z', attempts: 1, mayBeOnLinkedIn: true });
    h.clock.advance(PUBLISHING.leaseSeconds * 1000);
    h.linkedin.answer(answers.duplicate(EARLIER_URN));

    const outcome = await h.deliver(post);

    const stored = await h.posts.get('ada', post.id);
    expect(outcome).toEqual({ kind: 'published', post: stored, duplicate: true, delaySeconds: PUBLISHING.leaseSeconds });
    expect(stored).toMatchObject({ status: 'published', linkedinUrn: EARLIER_URN, publishedAt: h.clock.now().toISOString(), attempts: 2, leaseUntil: null, error: null });
    expect(h.linkedin.calls).toHaveLength(1);
    expect(h.audit.events).toEqual([{ userId: 'ada', event: { type: 'post.published', data: { postId: post.id, linkedinUrn: EARLIER_URN } } }]);
    expect(h.events.events).toMatchObject([{ type: 'post.published', postId: post.id, linkedinUrn: EARLIER_URN }]);
  });

  it('after a timeout that LinkedIn had in fact served: the inline retry\'s duplicate answer publishes the post', async () => {
    const post = await h.scheduledPost('ada', DUE);
    h.linkedin.answer(answers.timeout(), answers.duplicate(EARLIER_URN));

    expect(await h.deliver(post)).toMatchObject({ kind: 'published', duplicate: true });

    expect(await h.posts.get('ada', post.id)).toMatchObject({ status: 'published', linkedinUrn: EARLIER_URN, attempts: 1 });
    expect(h.linkedin.calls).toHaveLength(2);
    expect(h.sleeps).toHaveLength(1);
  });

  it('sends the very bytes of the call that may have published it, even if the encoding changed since (a deploy between the calls)', async () => {
    const post = await h.scheduledPost('ada', DUE, {}, 'Lessons from #ops (part 2)');
    h.linkedin.answer(answers.serverError(), answers.serverError(), answers.serverError());
    expect(await h.deliver(post)).toMatchObject({ kind: 'retry' });
    const sent = 'Lessons from {hashtag|\\#|ops} \\(part 2\\)';
    expect(h.linkedin.calls.map((call) => call.commentary)).toEqual([sent, sent, sent]);
    const released = (await h.posts.get('ada', post.id))!;
    expect(released).toMatchObject({ status: 'scheduled', mayBeOnLinkedIn: true, sentCommentary: sent });
    // As a release would look had a deploy since changed how the text is encoded: the stored bytes win over a fresh encoding.
    const encodedBefore = 'Lessons from \\#ops \\(part 2\\)';
    await h.posts.update(revise(released, { sentCommentary: encodedBefore }, h.clock.now()), released);
    h.clock.advance(6 * 60_000);
    h.linkedin.answer(answers.duplicate(EARLIER_URN));

    expect(await h.deliver(post)).toMatchObject({ kind: 'published', duplicate: true });
    expect(h.linkedin.calls.at(-1)!.commentary).toBe(encodedBefore);
  });

  it('after an earlier claim ended on 5xx answers: the redelivery\'s duplicate answer publishes the post', async () => {
    const post = await h.scheduledPost('ada', DUE);
    h.linkedin.answer(answers.serverError(), answers.serverError(), answers.serverError());
    expect(await h.deliver(post)).toMatchObject({ kind: 'retry' });
    expect(await h.posts.get('ada', post.id)).toMatchObject({ status: 'scheduled', mayBeOnLinkedIn: true });
    h.clock.advance(6 * 60_000);
    h.linkedin.answer(answers.duplicate(EARLIER_URN));

    expect(await h.deliver(post)).toMatchObject({ kind: 'published', duplicate: true });
    expect(await h.posts.get('ada', post.id)).toMatchObject({ status: 'published', linkedinUrn: EARLIER_URN, attempts: 2 });
  });

  it('after a post failed LINKEDIN_UNAVAILABLE (its calls may have published it) and its owner pressed Retry', async () => {
    const post = await h.scheduledPost('ada', DUE, { attempts: PUBLISHING.maxAttempts - 1, mayBeOnLinkedIn: true });
    h.linkedin.answer(answers.timeout(), answers.timeout(), answers.timeout());
    expect(await h.deliver(post)).toMatchObject({ kind: 'failed', posts: [{ error: PUBLISH_FAILURES.unavailable(PUBLISHING.maxAttempts) }] });
    const failed = (await h.posts.get('ada', post.id))!;
    expect(failed.mayBeOnLinkedIn).toBe(true);
    // Retry, as "publish now" makes it: due this second, a fresh start, the same text.
    const now = h.clock.now().toISOString();
    await h.posts.update(revise(failed, { status: 'scheduled', scheduledAt: now, error: null, attempts: 0, leaseUntil: null }, h.clock.now()), failed);
    h.linkedin.answer(answers.duplicate(EARLIER_URN));

    expect(await h.deliver({ userId: 'ada', postId: post.id, scheduledAt: now })).toMatchObject({ kind: 'published', duplicate: true });
    expect(await h.posts.get('ada', post.id)).toMatchObject({ status: 'published', linkedinUrn: EARLIER_URN });
  });
});

describe('a duplicate answer to a post no earlier call may have published: the user repeated an older post', () => {
  it('on its first call: failed LINKEDIN_DUPLICATE with the earlier post\'s link and what to change; nothing published', async () => {
    const post = await h.scheduledPost('ada', DUE);
    h.linkedin.answer(answers.duplicate(EARLIER_URN));

    const outcome = await h.deliver(post);

    const error = PUBLISH_FAILURES.duplicate(EARLIER_URL);
    expect(error).toEqual({ code: 'LINKEDIN_DUPLICATE', message: expect.stringContaining(EARLIER_URL) });
    expect(error.message).toMatch(/repeat of your earlier post/);
    expect(error.message).toMatch(/Change the text.*then press Retry/);
    const stored = await h.posts.get('ada', post.id);
    expect(outcome).toEqual({ kind: 'failed', posts: [stored] });
    expect(stored).toMatchObject({ status: 'failed', error, linkedinUrn: null, publishedAt: null, leaseUntil: null, attempts: 1, mayBeOnLinkedIn: false });
    expect(h.audit.events).toEqual([]);
    expect(h.events.events).toEqual([{ type: 'post.failed', userId: 'ada', postId: post.id, scheduledAt: DUE, error }]);
    expect(h.linkedin.calls).toHaveLength(1);
  });

  it('after an inline retry of a 429 (a definite refusal, which published nothing)', async () => {
    const post = await h.scheduledPost('ada', DUE);
    h.linkedin.answer(answers.throttled(), answers.duplicate(EARLIER_URN));

    expect(await h.deliver(post)).toMatchObject({ kind: 'failed', posts: [{ error: { code: 'LINKEDIN_DUPLICATE' } }] });
  });

  it('after an earlier claim released on a 429 only', async () => {
    const post = await h.scheduledPost('ada', DUE);
    h.linkedin.answer(answers.throttled(PUBLISHING.maxInlineRetryAfterSeconds + 1));
    expect(await h.deliver(post)).toMatchObject({ kind: 'retry' });
    expect((await h.posts.get('ada', post.id))?.mayBeOnLinkedIn).toBe(false);
    h.clock.advance(6 * 60_000);
    h.linkedin.answer(answers.duplicate(EARLIER_URN));

    expect(await h.deliver(post)).toMatchObject({ kind: 'failed', posts: [{ error: { code: 'LINKEDIN_DUPLICATE' } }] });
  });

  it('once its owner changed the text after calls that may have published the old one', async () => {
    const post = await h.scheduledPost('ada', DUE);
    h.linkedin.answer(answers.serverError(), answers.serverError(), answers.rejected(400, 'Invalid commentary'));
    expect(await h.deliver(post)).toMatchObject({ kind: 'failed' });
    expect((await h.posts.get('ada', post.id))?.mayBeOnLinkedIn).toBe(true);
    const edited = await updatePost({ posts: h.posts, clock: h.clock, accounts: new MemoryAccountReader(h.users, h.posts) }, 'ada', post.id, { content: 'Another text altogether' });
    expect(edited).toMatchObject({ mayBeOnLinkedIn: false, sentCommentary: null });
    const now = h.clock.now().toISOString();
    await h.posts.update(revise(edited, { status: 'scheduled', scheduledAt: now, error: null, attempts: 0 }, h.clock.now()), edited);
    h.linkedin.answer(answers.duplicate(EARLIER_URN));

    expect(await h.deliver({ userId: 'ada', postId: post.id, scheduledAt: now })).toMatchObject({ kind: 'failed', posts: [{ error: { code: 'LINKEDIN_DUPLICATE' } }] });
  });

  it('links the earlier post where this deployment\'s posts live (the sandbox\'s pages locally)', async () => {
    h = publisherHarness({ now: DUE, postUrlBase: 'http://127.0.0.1:4010/feed/update/' });
    await h.addUser('ada');
    const post = await h.scheduledPost('ada', DUE);
    h.linkedin.answer(answers.duplicate(EARLIER_URN));

    await h.deliver(post);

    expect((await h.posts.get('ada', post.id))?.error?.message).toContain(`http://127.0.0.1:4010/feed/update/${EARLIER_URN}`);
  });
});

describe('a 422 DUPLICATE_POST that names no post', () => {
  it('is a rejection (the adapter reports it as one): the post fails with LinkedIn\'s message', async () => {
    const post = await h.scheduledPost('ada', DUE);
    const message = 'Content is a duplicate';
    h.linkedin.answer(answers.rejected(422, message));

    expect(await h.deliver(post)).toMatchObject({ kind: 'failed', posts: [{ id: post.id }] });

    expect(await h.posts.get('ada', post.id)).toMatchObject({ status: 'failed', linkedinUrn: null, error: PUBLISH_FAILURES.rejected(message) });
    expect(h.audit.events).toEqual([]);
  });
});
