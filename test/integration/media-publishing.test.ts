import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeLittleText } from '@contract/little-text';
import { ManualClock } from '../support/manual-clock';
import { gif, jpeg, mp4, pdf, png } from '../support/media-files';
import { connectLinkedIn, sandboxOf, withCreatePost } from './support/linkedin';
import { upload, type UploadedMedia } from './support/media';
import { startTestApp, type ApiClient, type TestApp } from './support/test-runtime';

/**
 * Posts with media published to the sandbox LinkedIn through the local
 * runtime: the real publisher streams each file from the local S3 to the
 * sandbox's upload URLs (videos in parts, here 64 KiB so a multi-part upload
 * stays fast; LinkedIn's 4 MiB is the default), and the sandbox keeps the bytes
 * it got, so the test compares them with what was uploaded.
 */
const PART = 64 * 1024;
const clock = new ManualClock();
let app: TestApp;
let crashBeforePost = 0;

beforeAll(async () => {
  app = await startTestApp({
    clock,
    linkedinVideoPartBytes: PART,
    publishing: {
      tickMs: 0,
      inlineRetryDelaysMs: [1, 1],
      decoratePublisherDeps: (deps) => ({
        ...deps,
        sleep: async () => undefined,
        // "The publisher dies between uploading the assets and creating the post."
        linkedin: withCreatePost(deps.linkedin, async (input, real) => {
          if (crashBeforePost > 0) {
            crashBeforePost--;
            throw new Error('simulated crash: the publisher died after the uploads, before the post');
          }
          return real(input);
        }),
      }),
    },
  });
});
afterAll(() => app?.stop());

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const requests = (endpoint: string) => sandboxOf(app).requests.filter((r) => r.endpoint === endpoint && r.status >= 200 && r.status < 300).length;

async function connectedUser(): Promise<ApiClient> {
  const user = await app.signIn();
  await connectLinkedIn(app, user, { member: `Member ${randomUUID().slice(0, 8)}` });
  return user;
}

/** Creates the post, publishes it now, and lets the queue run. */
async function publish(user: ApiClient, body: Record<string, unknown>) {
  const created = await user.post('/v1/posts', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const started = await user.post(`/v1/posts/${created.body.id}/publish`);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  await app.publishing.step();
  return created.body.id as string;
}

function onLinkedIn(content: string) {
  return sandboxOf(app).posts.filter((p) => p.commentary === escapeLittleText(content));
}

/** The bytes LinkedIn holds for an asset URN are exactly these. */
function expectSameBytes(urn: string, original: Buffer) {
  expect(sandboxOf(app).media.fileOf(urn)).toEqual({ sha256: sha(original), size: original.length });
}

describe('publishing posts with media to LinkedIn', () => {
  it('one image: Images API upload, then content.media with its alt text; the exact bytes', async () => {
    const user = await connectedUser();
    const photo = jpeg({ bytes: 300_000, width: 1200, height: 900 });
    const media = await upload(user, 'image', photo, 'image/jpeg');
    const text = `One image ${randomUUID()}`;
    const id = await publish(user, { content: text, media: [{ id: media.id, altText: 'A team at a whiteboard' }] });
    const post = (await user.get(`/v1/posts/${id}`)).body;
    expect(post.status, JSON.stringify(post)).toBe('published');
    const [published] = onLinkedIn(text);
    expect(published!.content).toEqual({ media: { id: expect.stringMatching(/^urn:li:image:/), altText: 'A team at a whiteboard' } });
    expectSameBytes((published!.content as { media: { id: string } }).media.id, photo);
    const page = await (await fetch(post.linkedinUrl)).text();
    expect(page).toContain('alt="A team at a whiteboard"');
  });

  it('three images in the user\'s order (multiImage), with empty text; a PNG with transparency and a GIF among them', async () => {
    const user = await connectedUser();
    const files = [png(200, 100, { alpha: 90 }), jpeg({ width: 640, height: 480 }), gif(5)];
    const media: UploadedMedia[] = [];
    media.push(await upload(user, 'image', files[0]!, 'image/png'));
    media.push(await upload(user, 'image', files[1]!, 'image/jpeg'));
    media.push(await upload(user, 'image', files[2]!, 'image/gif'));
    const order = [2, 0, 1];
    const uploadsBefore = requests('upload');
    const id = await publish(user, { content: '', media: order.map((i) => ({ id: media[i]!.id, altText: `Picture ${i}` })) });
    const post = (await user.get(`/v1/posts/${id}`)).body;
    expect(post.status).toBe('published');
    expect(post.content).toBe('');
    expect(post.media.map((m: { id: string }) => m.id)).toEqual(order.map((i) => media[i]!.id));
    const published = sandboxOf(app).posts.find((p) => p.urn === post.linkedinUrn)!;
    const images = (published.content as { multiImage: { images: { id: string; altText: string }[] } }).multiImage.images;
    expect(images.map((i) => i.altText)).toEqual(['Picture 2', 'Picture 0', 'Picture 1']);
    order.forEach((fileIndex, position) => expectSameBytes(images[position]!.id, files[fileIndex]!));
    expect(requests('upload') - uploadsBefore).toBe(3);
  });

  it('a 40-page PDF carousel: Documents API, content.media with the title', async () => {
    const user = await connectedUser();
    const deck = await pdf(40);
    const media = await upload(user, 'document', deck, 'application/pdf', 'Q3 review.pdf');
    const text = `Deck ${randomUUID()}`;
    await publish(user, { content: text, media: [{ id: media.id, altText: '' }], documentTitle: 'Our Q3, in 40 slides' });
    const [published] = onLinkedIn(text);
    const content = published!.content as { media: { id: string; title: string } };
    expect(content.media).toEqual({ id: expect.stringMatching(/^urn:li:document:/), title: 'Our Q3, in 40 slides' });
    expectSameBytes(content.media.id, deck);
  });

  it('a PDF without a title goes with its file name less .pdf, as LinkedIn\'s uploader suggests', async () => {
    const user = await connectedUser();
    const media = await upload(user, 'document', await pdf(2), 'application/pdf', 'Q3 review.PDF');
    const text = `Untitled deck ${randomUUID()}`;
    await publish(user, { content: text, media: [{ id: media.id, altText: '' }] });
    const [published] = onLinkedIn(text);
    expect((published!.content as { media: { title: string } }).media.title).toBe('Q3 review');
  });

  it('a multi-part video: every part PUT with its ETag, finalizeUpload, processing shown on the post, then published', async () => {
    const user = await connectedUser();
    const video = mp4({ seconds: 20, mediaBytes: PART * 5 + 1234, seed: 7 });
    const media = await upload(user, 'video', video, 'video/mp4');
    sandboxOf(app).media.processing.video = 'hold';
    const text = `Video ${randomUUID()}`;
    const uploadsBefore = requests('upload');
    const id = await publish(user, { content: text, media: [{ id: media.id, altText: '' }] });
    const waiting = (await user.get(`/v1/posts/${id}`)).body;
    expect(waiting.status).toBe('publishing');
    expect(waiting.statusDetail).toBe('LinkedIn is processing your video');
    const parts = Math.ceil(video.length / PART);
    expect(requests('upload') - uploadsBefore).toBe(parts);
    expect(requests('finalizeUpload')).toBeGreaterThanOrEqual(1);

    // 30 s later the publisher looks again, still processing; then LinkedIn is done.
    clock.advance(31_000);
    await app.publishing.step();
    expect((await user.get(`/v1/posts/${id}`)).body.status).toBe('publishing');
    const asset = Object.values(sandboxOf(app).media['data'].assets).find((a) => a.kind === 'video' && a.status === 'PROCESSING')!;
    sandboxOf(app).media.finishProcessing(asset.urn);
    clock.advance(31_000);
    await app.publishing.step();
    const post = (await user.get(`/v1/posts/${id}`)).body;
    expect(post.status, JSON.stringify(post)).toBe('published');
    expect(post.statusDetail).toBeNull();
    expectSameBytes(asset.urn, video);
    expect(requests('upload') - uploadsBefore).toBe(parts);
    sandboxOf(app).media.processing.video = 0;
  });

  it('fails a video LinkedIn keeps processing for more than 30 minutes, with the reason', async () => {
    const user = await connectedUser();
    const media = await upload(user, 'video', mp4({ seconds: 5, mediaBytes: 100_000, seed: 3 }), 'video/mp4');
    sandboxOf(app).media.processing.video = 'hold';
    const id = await publish(user, { content: `Slow video ${randomUUID()}`, media: [{ id: media.id, altText: '' }] });
    for (let i = 0; i < 62 && (await user.get(`/v1/posts/${id}`)).body.status === 'publishing'; i++) {
      clock.advance(31_000);
      await app.publishing.step();
    }
    const post = (await user.get(`/v1/posts/${id}`)).body;
    expect(post.status).toBe('failed');
    expect(post.error.code).toBe('MEDIA_PROCESSING_TIMEOUT');
    sandboxOf(app).media.processing.video = 0;
  });

  it('a poll: content.poll, no media, empty text allowed', async () => {
    const user = await connectedUser();
    const question = `Ship on Fridays? ${randomUUID().slice(0, 8)}`;
    const id = await publish(user, { content: '', poll: { question, options: ['Yes', 'No', 'Only small things'], duration: 'THREE_DAYS' } });
    const post = (await user.get(`/v1/posts/${id}`)).body;
    expect(post.status).toBe('published');
    const published = sandboxOf(app).posts.find((p) => p.urn === post.linkedinUrn)!;
    expect(published.content).toEqual({ poll: { question, options: [{ text: 'Yes' }, { text: 'No' }, { text: 'Only small things' }], settings: { duration: 'THREE_DAYS' } } });
    expect(await (await fetch(post.linkedinUrl)).text()).toContain('Only small things');
  });

  it("a poll at LinkedIn's limits counted in code points: a 140-character question and 30-character options of emoji (twice as many UTF-16 units)", async () => {
    const user = await connectedUser();
    const question = `${randomUUID().slice(0, 8)} ${'🚀'.repeat(130)}?`;
    const options = ['👍'.repeat(30), '👎'.repeat(30)];
    expect([[...question].length, question.length]).toEqual([140, 270]);
    const id = await publish(user, { content: '', poll: { question, options, duration: 'ONE_DAY' } });
    const post = (await user.get(`/v1/posts/${id}`)).body;
    expect(post.status, JSON.stringify(post.error)).toBe('published');
    const published = sandboxOf(app).posts.find((p) => p.urn === post.linkedinUrn)!;
    expect(published.content).toEqual({ poll: { question, options: options.map((text) => ({ text })), settings: { duration: 'ONE_DAY' } } });

    // One more code point is over the limit, for the sandbox as for LinkedIn.
    const author = published.author;
    const poll = (q: string, o: string[]) => ({ poll: { question: q, options: o.map((text) => ({ text })), settings: { duration: 'ONE_DAY' } } });
    expect(sandboxOf(app).media.checkContent(poll(`${question}!`, options), author)).toMatch(/\/content\/poll\/question :: must be a string of at most 140 characters/);
    expect(sandboxOf(app).media.checkContent(poll(question, [options[0]!, `${options[1]}!`]), author)).toMatch(/\/content\/poll\/options\/1\/text :: must be a string of at most 30 characters/);
  });
});

describe('exactly once, assets included', () => {
  it('LinkedIn fails the post after the assets were uploaded: the retry reuses them, one upload each, one post', async () => {
    const user = await connectedUser();
    const files = [png(50, 50, { seed: 1 }), png(50, 50, { seed: 2 })];
    const media = [await upload(user, 'image', files[0]!, 'image/png'), await upload(user, 'image', files[1]!, 'image/png')];
    const before = { init: requests('initializeUpload'), upload: requests('upload') };
    sandboxOf(app).injectFaults({ kind: 'status', status: 503, times: 3 });
    const text = `Retry after assets ${randomUUID()}`;
    const id = await publish(user, { content: text, media: media.map((m) => ({ id: m.id, altText: '' })) });
    expect((await user.get(`/v1/posts/${id}`)).body.status).toBe('scheduled'); // released for the queue's redelivery
    clock.advanceMinutes(7);
    await app.publishing.step();
    await app.publishing.step();
    expect((await user.get(`/v1/posts/${id}`)).body.status).toBe('published');
    expect(onLinkedIn(text)).toHaveLength(1);
    expect(requests('initializeUpload') - before.init).toBe(2);
    expect(requests('upload') - before.upload).toBe(2);
  });

  it('the publisher crashes between the uploads and the post: the next claim reuses the assets, one upload each, one post', async () => {
    const user = await connectedUser();
    const video = mp4({ seconds: 8, mediaBytes: PART * 2 + 10, seed: 11 });
    const media = await upload(user, 'video', video, 'video/mp4');
    const before = { init: requests('initializeUpload'), upload: requests('upload'), finalize: requests('finalizeUpload') };
    crashBeforePost = 1;
    const text = `Crash after upload ${randomUUID()}`;
    const id = await publish(user, { content: text, media: [{ id: media.id, altText: '' }] });
    expect((await user.get(`/v1/posts/${id}`)).body.status).toBe('publishing');
    // The lease runs out, SQS redelivers (visibility timeout) and the reconciler re-drives.
    clock.advanceMinutes(7);
    await app.publishing.step();
    await app.publishing.step();
    const post = (await user.get(`/v1/posts/${id}`)).body;
    expect(post.status, JSON.stringify(post)).toBe('published');
    expect(onLinkedIn(text)).toHaveLength(1);
    expect(requests('initializeUpload') - before.init).toBe(1);
    expect(requests('upload') - before.upload).toBe(3);
    expect(requests('finalizeUpload') - before.finalize).toBe(1);
    expect(app.publishing.queue.deadLetters).toEqual([]);
  });
});

describe('files that went missing', () => {
  it('fails the post with MEDIA_MISSING, without calling the Posts API, when a file\'s bytes are gone', async () => {
    const user = await connectedUser();
    const media = await upload(user, 'image', png(9, 9, { seed: 99 }), 'image/png');
    const created = (await user.post('/v1/posts', { content: `Lost bytes ${randomUUID()}`, media: [{ id: media.id, altText: '' }] })).body;
    await app.s3.storage.delete([`media/${user.userId}/${media.id}`]);
    const postsBefore = sandboxOf(app).requests.filter((r) => r.endpoint === 'posts').length;
    await user.post(`/v1/posts/${created.id}/publish`);
    await app.publishing.step();
    const post = (await user.get(`/v1/posts/${created.id}`)).body;
    expect(post.status).toBe('failed');
    expect(post.error.code).toBe('MEDIA_MISSING');
    expect(sandboxOf(app).requests.filter((r) => r.endpoint === 'posts').length).toBe(postsBefore);
  });
});

describe('what a post may carry', () => {
  it('refuses 21 images, a poll with media, mixed kinds, two videos, a pending upload and a title without a document, saying which rule', async () => {
    const user = await connectedUser();
    const image = await upload(user, 'image', png(4, 4), 'image/png');
    const many = Array.from({ length: 21 }, () => ({ id: `img_${'0'.repeat(26)}`, altText: '' })).map((m, i) => ({ ...m, id: `img_${String(i).padStart(26, '0')}` }));
    const tooMany = await user.post('/v1/posts', { content: 'x', media: many });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain('at most 20 images');
    const pollAndMedia = await user.post('/v1/posts', { content: 'x', media: [{ id: image.id, altText: '' }], poll: { question: 'Q?', options: ['a', 'b'] } });
    expect(pollAndMedia.status).toBe(400);
    expect(pollAndMedia.body.error.message).toMatch(/poll cannot carry/);
    const mixed = await user.post('/v1/posts', { content: 'x', media: [{ id: image.id, altText: '' }, { id: `doc_${'1'.repeat(26)}`, altText: '' }] });
    expect(mixed.body.error.message).toMatch(/does not mix kinds/);
    const videos = await user.post('/v1/posts', { content: 'x', media: [{ id: `vid_${'1'.repeat(26)}`, altText: '' }, { id: `vid_${'2'.repeat(26)}`, altText: '' }] });
    expect(videos.body.error.message).toMatch(/exactly one video/);
    const empty = await user.post('/v1/posts', { content: '   ' });
    expect(empty.status).toBe(400);
    const title = await user.post('/v1/posts', { content: 'x', media: [{ id: image.id, altText: '' }], documentTitle: 'Deck' });
    expect(title.body.error.message).toMatch(/Only a post with a document/);
    const badPoll = await user.post('/v1/posts', { content: 'x', poll: { question: 'Q?', options: ['only one'] } });
    expect(badPoll.status).toBe(400);
    const pending = (await user.post('/v1/media', { kind: 'image', contentType: 'image/png', size: 10, fileName: 'p.png' })).body;
    const notReady = await user.post('/v1/posts', { content: '', media: [{ id: pending.id, altText: '' }] });
    expect(notReady.status).toBe(409);
    expect(notReady.body.error.code).toBe('MEDIA_NOT_READY');
  });

  it('attaches media to one post only, detaches on edit, refuses deleting attached media, and deletes media with its post', async () => {
    const user = await connectedUser();
    const a = await upload(user, 'image', png(6, 6), 'image/png');
    const b = await upload(user, 'image', png(7, 7), 'image/png');
    const first = (await user.post('/v1/posts', { content: 'first', media: [{ id: a.id, altText: 'A' }] })).body;
    expect(first.media).toEqual([{ id: a.id, kind: 'image', altText: 'A', previewUrl: expect.stringContaining(a.id) }]);
    expect((await fetch(first.media[0].previewUrl)).status).toBe(200);
    const second = await user.post('/v1/posts', { content: 'second', media: [{ id: a.id, altText: '' }] });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('MEDIA_IN_USE');
    expect((await user.delete(`/v1/media/${a.id}`)).body.error.code).toBe('MEDIA_ATTACHED');
    const edited = await user.patch(`/v1/posts/${first.id}`, { content: 'first', media: [{ id: b.id, altText: 'B' }] });
    expect(edited.status).toBe(200);
    expect((await user.get(`/v1/media/${a.id}`)).body.postId).toBeNull();
    expect((await user.get(`/v1/media/${b.id}`)).body.postId).toBe(first.id);
    expect((await user.delete(`/v1/posts/${first.id}`)).status).toBe(204);
    expect((await user.get(`/v1/media/${b.id}`)).status).toBe(404);
    expect(await app.s3.storage.head(`media/${user.userId}/${b.id}`)).toBeUndefined();
  });
});
