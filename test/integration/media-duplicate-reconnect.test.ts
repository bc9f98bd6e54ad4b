import { createHash, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LinkedInAssets } from '@lambdas/core/ports/linkedin-assets';
import type { Post } from '@lambdas/core/posts/post';
import { toLittleText } from '@lambdas/contract/little-text';
import { PUBLISHING } from '@lambdas/core/publishing/publishing-rules';
import { ManualClock } from '../support/manual-clock';
import { mp4, png } from '../support/media-files';
import { connectLinkedIn, sandboxOf, sandboxPostsOf, withCreatePost } from './support/linkedin';
import { upload, type UploadedMedia } from './support/media';
import { startTestApp, type ApiClient, type TestApp } from './support/test-runtime';

/**
 * Issue 11 (media) and issue 12 (the truth about duplicates; posts waiting for
 * a reconnect) together, through the local runtime, its S3 twin and the sandbox
 * LinkedIn. A post's files go to LinkedIn under the claim but before the post is
 * marked `mayBeOnLinkedIn` (uploads make assets, never a post), so:
 *  - a Posts call that LinkedIn served but whose answer never came is found by
 *    the retry, through LinkedIn's duplicate answer, as the post's own success,
 *    with each file uploaded once;
 *  - a failed upload leaves no mark;
 *  - a post due without a working connection waits before anything is
 *    uploaded, and goes out with its files after the reconnect;
 *  - LinkedIn processing a video keeps the post `publishing`, never `waiting`,
 *    and is no Posts call.
 * No inline retries: each retry is a new claim, which reads what the last one stored.
 */
const PART = 64 * 1024;
const clock = new ManualClock();
let app: TestApp;
/** Whether the post being watched carried the mark at each LinkedIn call, in order. */
const marks: { call: 'upload' | 'posts'; mayBeOnLinkedIn: boolean }[] = [];
let watched: { userId: string; postId: string } | undefined;
let crashAfterPost = 0;

async function stored(userId: string, postId: string): Promise<Post> {
  return (await app.publishing.publisherDeps.posts.get(userId, postId))!;
}

async function mark(call: 'upload' | 'posts'): Promise<void> {
  if (watched) marks.push({ call, mayBeOnLinkedIn: (await stored(watched.userId, watched.postId)).mayBeOnLinkedIn === true });
}

beforeAll(async () => {
  app = await startTestApp({
    clock,
    linkedinTimeoutMs: 1_500,
    linkedinVideoPartBytes: PART,
    publishing: {
      tickMs: 0,
      inlineRetryDelaysMs: [],
      decoratePublisherDeps: (deps) => {
        const assets: LinkedInAssets = deps.media!.assets;
        return {
          ...deps,
          sleep: async () => undefined,
          media: {
            ...deps.media!,
            assets: {
              initializeUpload: (input) => assets.initializeUpload(input),
              upload: async (input) => {
                await mark('upload');
                return assets.upload(input);
              },
              finalizeVideo: (input) => assets.finalizeVideo(input),
              status: (input) => assets.status(input),
            },
          },
          linkedin: withCreatePost(deps.linkedin, async (input, real) => {
            await mark('posts');
            const result = await real(input);
            if (crashAfterPost > 0) {
              crashAfterPost--;
              throw new Error('simulated crash: the publisher died before reading LinkedIn\'s 201');
            }
            return result;
          }),
        };
      },
    },
  });
});
afterAll(() => app?.stop());
afterEach(() => {
  sandboxOf(app).clearFaults();
  sandboxOf(app).media.processing.video = 0;
  marks.length = 0;
  watched = undefined;
  crashAfterPost = 0;
});

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const requests = (endpoint: string) => sandboxOf(app).requests.filter((r) => r.endpoint === endpoint && r.status >= 200 && r.status < 300).length;
const postsCalls = () => marks.filter((m) => m.call === 'posts').length;
const read = async (user: ApiClient, id: string) => (await user.get(`/v1/posts/${id}`)).body;

async function connectedUser(member = `Member ${randomUUID().slice(0, 8)}`): Promise<ApiClient> {
  const user = await app.signIn();
  await connectLinkedIn(app, user, { member });
  return user;
}

async function threeImages(user: ApiClient): Promise<{ files: Buffer[]; media: UploadedMedia[] }> {
  const files = [png(40, 30, { seed: 1 }), png(40, 30, { seed: 2 }), png(40, 30, { seed: 3 })];
  const media: UploadedMedia[] = [];
  for (const file of files) media.push(await upload(user, 'image', file, 'image/png'));
  return { files, media };
}

/** Creates the post with its files, watches it, and publishes it now (one delivery). */
async function publishNow(user: ApiClient, body: Record<string, unknown>): Promise<string> {
  const created = await user.post('/v1/posts', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  watched = { userId: user.userId, postId: created.body.id };
  expect((await user.post(`/v1/posts/${created.body.id}/publish`)).status).toBe(202);
  await app.publishing.step();
  return created.body.id as string;
}

/** Past the lease and SQS's visibility timeout, a tick at a time, until the post leaves `scheduled`/`publishing` (the queue redelivers, the reconciler re-drives). */
async function untilSettled(user: ApiClient, id: string): Promise<Record<string, any>> {
  for (let i = 0; i < 10; i++) {
    const post = await read(user, id);
    if (post.status !== 'scheduled' && post.status !== 'publishing') return post;
    clock.advanceMinutes(PUBLISHING.leaseSeconds / 60 + 5);
    await app.publishing.step();
  }
  return read(user, id);
}

/** The post is on LinkedIn once, as multiImage with exactly these bytes in this order, and its URN is stored. */
function expectOnLinkedInOnce(post: Record<string, any>, content: string, files: Buffer[]) {
  const onLinkedIn = sandboxPostsOf(app, content);
  expect(onLinkedIn).toHaveLength(1);
  expect(post.linkedinUrn).toBe(onLinkedIn[0]!.urn);
  const images = (onLinkedIn[0]!.content as { multiImage: { images: { id: string }[] } }).multiImage.images;
  expect(images.map((image) => sandboxOf(app).media.fileOf(image.id))).toEqual(files.map((file) => ({ sha256: sha(file), size: file.length })));
}

describe('a post with files, exactly once and truthful about duplicates', () => {
  it('three images whose first Posts call timed out after LinkedIn made the post: the retry\'s duplicate answer is its success, one upload per image', async () => {
    const user = await connectedUser();
    const { files, media } = await threeImages(user);
    const before = { init: requests('initializeUpload'), upload: requests('upload') };
    // LinkedIn makes the post, then answers after the publisher stopped waiting.
    sandboxOf(app).injectFaults({ kind: 'delay', ms: 4_000, create: true });
    const content = `Three images, one timeout ${randomUUID()}`;
    const id = await publishNow(user, { content, media: media.map((m, i) => ({ id: m.id, altText: `Image ${i}` })) });

    // Released for the queue's redelivery, marked: LinkedIn may hold it.
    expect(await read(user, id)).toMatchObject({ status: 'scheduled', linkedinUrn: null });
    expect(await stored(user.userId, id)).toMatchObject({ mayBeOnLinkedIn: true, sentCommentary: toLittleText(content), attempts: 1 });
    expect(sandboxPostsOf(app, content)).toHaveLength(1);

    const post = await untilSettled(user, id);
    expect(post.status, JSON.stringify(post)).toBe('published');
    expectOnLinkedInOnce(post, content, files);
    expect(postsCalls()).toBe(2);
    expect(requests('initializeUpload') - before.init).toBe(3);
    expect(requests('upload') - before.upload).toBe(3);
    // The uploads ran before the mark, each Posts call after it.
    expect(marks).toEqual([
      { call: 'upload', mayBeOnLinkedIn: false },
      { call: 'upload', mayBeOnLinkedIn: false },
      { call: 'upload', mayBeOnLinkedIn: false },
      { call: 'posts', mayBeOnLinkedIn: true },
      { call: 'posts', mayBeOnLinkedIn: true },
    ]);
    expect(app.publishing.queue.deadLetters).toEqual([]);
  });

  it('a publisher that dies during the Posts call of a post with files: the mark written before the call makes the next claim\'s duplicate answer its success', async () => {
    const user = await connectedUser();
    const { files, media } = await threeImages(user);
    crashAfterPost = 1;
    const content = `Three images, one crash ${randomUUID()}`;
    const id = await publishNow(user, { content, media: media.map((m) => ({ id: m.id, altText: '' })) });
    expect(await stored(user.userId, id)).toMatchObject({ status: 'publishing', mayBeOnLinkedIn: true });

    const post = await untilSettled(user, id);
    expect(post.status, JSON.stringify(post)).toBe('published');
    expectOnLinkedInOnce(post, content, files);
    expect(postsCalls()).toBe(2);
    expect(marks.filter((m) => m.call === 'upload')).toHaveLength(3);
  });

  it('an upload LinkedIn failed leaves no mark: nothing was posted, and the retry publishes the post as new', async () => {
    const user = await connectedUser();
    const { files, media } = await threeImages(user);
    const before = { init: requests('initializeUpload'), upload: requests('upload') };
    sandboxOf(app).injectFaults({ endpoint: 'upload', kind: 'status', status: 503 });
    const content = `Upload refused once ${randomUUID()}`;
    const id = await publishNow(user, { content, media: media.map((m) => ({ id: m.id, altText: '' })) });
    expect((await stored(user.userId, id)).status).toBe('scheduled');
    expect((await stored(user.userId, id)).mayBeOnLinkedIn).not.toBe(true);
    expect(postsCalls()).toBe(0);

    const post = await untilSettled(user, id);
    expect(post.status, JSON.stringify(post)).toBe('published');
    expectOnLinkedInOnce(post, content, files);
    expect(postsCalls()).toBe(1);
    expect(requests('initializeUpload') - before.init).toBe(3);
    expect(requests('upload') - before.upload).toBe(3);
  });
});

describe('a post with files and a lost connection', () => {
  it('due while disconnected: waits without uploading anything, then goes out once with its files after the reconnect', async () => {
    const member = `Member ${randomUUID().slice(0, 8)}`;
    const user = await connectedUser(member);
    const files = [png(30, 30, { seed: 7 }), png(30, 30, { seed: 8 })];
    const media = [await upload(user, 'image', files[0]!, 'image/png'), await upload(user, 'image', files[1]!, 'image/png')];
    const content = `Files waiting for LinkedIn ${randomUUID()}`;
    const created = (await user.post('/v1/posts', { content, media: media.map((m) => ({ id: m.id, altText: 'a picture' })) })).body;
    const scheduled = await user.post(`/v1/posts/${created.id}/schedule`, { scheduledAt: new Date(clock.now().getTime() + 2 * 60_000).toISOString() });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(200);
    watched = { userId: user.userId, postId: created.id };
    expect((await user.delete('/v1/linkedin')).status).toBe(204);
    const before = { init: requests('initializeUpload'), upload: requests('upload') };

    for (let minute = 0; minute < 3; minute++) {
      clock.advanceMinutes(1);
      await app.publishing.step();
    }
    expect(await read(user, created.id)).toMatchObject({ status: 'waiting', error: null, linkedinUrn: null });
    expect(requests('initializeUpload') - before.init).toBe(0);
    expect(marks).toEqual([]);
    expect((await user.get('/v1/me')).body.postCounts).toMatchObject({ waiting: 1, scheduled: 0 });

    await connectLinkedIn(app, user, { member });
    await app.publishing.step();
    await app.publishing.step();
    const post = await read(user, created.id);
    expect(post.status, JSON.stringify(post)).toBe('published');
    expectOnLinkedInOnce(post, content, files);
    expect(requests('initializeUpload') - before.init).toBe(2);
    expect(requests('upload') - before.upload).toBe(2);
    expect(postsCalls()).toBe(1);
    expect((await user.get('/v1/me')).body.postCounts).toMatchObject({ waiting: 0, published: 1 });
  });

  it('a video LinkedIn is processing keeps the post publishing (no Posts call, no mark, no attempt); the connection lost meanwhile parks it, and the reconnect posts it with the same upload', async () => {
    const member = `Member ${randomUUID().slice(0, 8)}`;
    const user = await connectedUser(member);
    const video = mp4({ seconds: 6, mediaBytes: PART * 2 + 99, seed: 5 });
    const media = await upload(user, 'video', video, 'video/mp4');
    sandboxOf(app).media.processing.video = 'hold';
    const before = { init: requests('initializeUpload'), upload: requests('upload') };
    const content = `A video, processing ${randomUUID()}`;
    const id = await publishNow(user, { content, media: [{ id: media.id, altText: '' }] });

    expect(await read(user, id)).toMatchObject({ status: 'publishing', statusDetail: 'LinkedIn is processing your video' });
    const processing = await stored(user.userId, id);
    expect(processing.mayBeOnLinkedIn).not.toBe(true);
    expect(processing.attempts).toBe(0);
    expect(postsCalls()).toBe(0);
    const parts = Math.ceil(video.length / PART);
    expect(requests('upload') - before.upload).toBe(parts);

    // Still processing 30 s later: still publishing, still no Posts call and no attempt.
    clock.advance(31_000);
    await app.publishing.step();
    expect((await read(user, id)).status).toBe('publishing');
    expect((await stored(user.userId, id)).attempts).toBe(0);
    expect(postsCalls()).toBe(0);

    // The user disconnects: the next look parks the post for the reconnect, its processing wait over.
    expect((await user.delete('/v1/linkedin')).status).toBe(204);
    clock.advance(31_000);
    await app.publishing.step();
    expect(await read(user, id)).toMatchObject({ status: 'waiting', statusDetail: null });
    expect(await stored(user.userId, id)).toMatchObject({ statusDetail: null, processingSince: null, attempts: 0 });
    const asset = Object.values(sandboxOf(app).media['data'].assets).find((a) => a.kind === 'video' && a.status === 'PROCESSING')!;
    sandboxOf(app).media.finishProcessing(asset.urn);

    await connectLinkedIn(app, user, { member });
    await app.publishing.step();
    await app.publishing.step();
    const post = await read(user, id);
    expect(post.status, JSON.stringify(post)).toBe('published');
    const onLinkedIn = sandboxPostsOf(app, content);
    expect(onLinkedIn).toHaveLength(1);
    expect(onLinkedIn[0]!.content).toEqual({ media: { id: asset.urn } });
    expect(sandboxOf(app).media.fileOf(asset.urn)).toEqual({ sha256: sha(video), size: video.length });
    expect(requests('initializeUpload') - before.init).toBe(1);
    expect(requests('upload') - before.upload).toBe(parts);
    expect(postsCalls()).toBe(1);
    expect(marks.at(-1)).toEqual({ call: 'posts', mayBeOnLinkedIn: true });
  });
});
