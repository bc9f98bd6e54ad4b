import { beforeEach, describe, expect, it } from 'vitest';
import { PUBLISHING } from '@lambdas/core/publishing/publishing-rules';
import { publisherHarness, type PublisherHarness } from '../support/publisher-harness';
import { LINKEDIN_ANSWERS as answers } from '../support/scripted-linkedin-client';

/**
 * LinkedIn's 422 DUPLICATE_POST, as the publisher treats it today: proof that an
 * earlier attempt already published this post, whose URN the answer names
 * (LinkedInHttpClient reports it as `duplicate` only when the message names a
 * post; otherwise as a plain 422 rejection). Kept apart from the other outcomes
 * so a change of the duplicate semantics changes this file only.
 */
const DUE = '2026-11-25T09:00:00.000Z';
const EARLIER_URN = 'urn:li:share:7141138937766391808';

let h: PublisherHarness;
beforeEach(async () => {
  h = publisherHarness({ now: DUE });
  await h.addUser('ada');
});

describe('a duplicate answer (422 DUPLICATE_POST naming a post)', () => {
  it('after a publisher died between LinkedIn\'s 201 and storing the URN: the next claim stores the URN LinkedIn names', async () => {
    const post = await h.scheduledPost('ada', DUE, { status: 'publishing', leaseUntil: '2026-11-25T09:02:00.000Z', attempts: 1 });
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
});

describe('a 422 DUPLICATE_POST that names no post', () => {
  it('is a rejection (the adapter reports it as one): the post fails with LinkedIn\'s message', async () => {
    const post = await h.scheduledPost('ada', DUE);
    const message = 'Content is a duplicate';
    h.linkedin.answer(answers.rejected(422, message));

    expect(await h.deliver(post)).toMatchObject({ kind: 'failed', posts: [{ id: post.id }] });

    expect(await h.posts.get('ada', post.id)).toMatchObject({ status: 'failed', linkedinUrn: null, error: { code: 'LINKEDIN_REJECTED', message } });
    expect(h.audit.events).toEqual([]);
  });
});
