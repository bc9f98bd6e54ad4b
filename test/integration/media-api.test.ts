import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { exe, gif, jpeg, mp4, pdf, png } from '../support/media-files';
import { announce, put, upload } from './support/media';
import { startTestApp, type ApiClient, type TestApp } from './support/test-runtime';
import { ManualClock } from '../support/manual-clock';

/**
 * /v1/media through the local runtime: the same handlers, DynamoDB Local, and
 * the S3 adapter against the local S3 (s3rver behind a gate that checks SigV4
 * like S3). Real files made on the fly; the bytes go straight to storage with
 * the signed URL, never through the API.
 */
const clock = new ManualClock();
let app: TestApp;
let user: ApiClient;

beforeAll(async () => {
  app = await startTestApp({ clock });
  user = await app.signIn();
});
afterAll(() => app?.stop());

const sha = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('uploading media', () => {
  it('takes a 12 MB phone JPEG: signed PUT, complete with its size, and a preview that works without the token', async () => {
    const photo = jpeg({ bytes: 12 * 1024 * 1024, width: 4032, height: 3024 });
    const created = await announce(user, 'image', photo, 'image/jpeg', 'IMG_2041.JPG');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'image', status: 'pending', previewUrl: null, upload: { method: 'PUT' } });
    expect(created.body.id).toMatch(/^img_[0-9A-Z]{26}$/);
    expect(Date.parse(created.body.upload.expiresAt) - clock.now().getTime()).toBe(15 * 60_000);
    expect((await put(created.body.upload, photo)).status).toBe(200);
    const done = await user.post(`/v1/media/${created.body.id}/complete`);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'ready', contentType: 'image/jpeg', size: photo.length, width: 4032, height: 3024, pages: null, durationSeconds: null });
    const preview = await fetch(done.body.previewUrl);
    expect(preview.status).toBe(200);
    expect(sha(Buffer.from(await preview.arrayBuffer()))).toBe(sha(photo));
    expect((await user.get(`/v1/media/${created.body.id}`)).body.status).toBe('ready');
  });

  it('takes a PNG with transparency, a GIF, a 40-page PDF and an MP4 with its duration', async () => {
    expect(await upload(user, 'image', png(300, 200, { alpha: 80 }), 'image/png')).toMatchObject({ width: 300, height: 200 });
    expect(await upload(user, 'image', gif(12), 'image/gif')).toMatchObject({ width: 1, height: 1 });
    expect(await upload(user, 'document', await pdf(40), 'application/pdf', 'Deck.pdf')).toMatchObject({ pages: 40, kind: 'document' });
    expect(await upload(user, 'video', mp4({ seconds: 42.5, mediaBytes: 300_000 }), 'video/mp4')).toMatchObject({ durationSeconds: 42.5, width: 1280, height: 720 });
  });

  it('refuses what LinkedIn refuses before a byte is sent, naming the limit', async () => {
    const big = await user.post('/v1/media', { kind: 'video', contentType: 'video/mp4', size: 612 * 1024 * 1024, fileName: 'talk.mp4' });
    expect(big.status).toBe(400);
    expect(big.body.error.message).toContain('This file is 612 MB; LinkedIn takes videos up to 500 MB.');
    const type = await user.post('/v1/media', { kind: 'image', contentType: 'image/webp', size: 1000, fileName: 'a.webp' });
    expect(type.status).toBe(400);
    expect(type.body.error.message).toContain('LinkedIn takes images as JPG, JPEG, PNG, GIF');
    const doc = await user.post('/v1/media', { kind: 'document', contentType: 'application/pdf', size: 101 * 1024 * 1024, fileName: 'a.pdf' });
    expect(doc.body.error.message).toContain('LinkedIn takes documents up to 100 MB');
    const junk = await user.post('/v1/media', { kind: 'sticker', contentType: 'x', size: -1, fileName: '' });
    expect(junk.status).toBe(400);
    expect(junk.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(expect.arrayContaining(['kind', 'size', 'fileName']));
  });

  it('the signed PUT takes exactly the announced bytes and type, and expires after 15 minutes', async () => {
    const image = png(10, 10);
    const created = (await announce(user, 'image', image, 'image/png')).body;
    expect((await put(created.upload, Buffer.concat([image, Buffer.from('x')]))).status).toBe(403);
    expect((await put(created.upload, image.subarray(1))).status).toBe(403);
    expect((await put(created.upload, image, { 'Content-Type': 'image/jpeg' })).status).toBe(403);
    const late = (await announce(user, 'image', image, 'image/png')).body;
    clock.advanceMinutes(16);
    expect((await put(late.upload, image)).status).toBe(403);
    expect((await user.post(`/v1/media/${late.id}/complete`)).body.error.code).toBe('MEDIA_NOT_UPLOADED');
  });

  it('refuses a renamed program and a broken file with 422 MEDIA_INVALID, and removes them', async () => {
    const program = exe();
    const created = (await announce(user, 'image', program, 'image/jpeg', 'holiday.jpg')).body;
    expect((await put(created.upload, program)).status).toBe(200);
    const refused = await user.post(`/v1/media/${created.id}/complete`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('MEDIA_INVALID');
    expect(refused.body.error.message).toContain('a Windows program');
    expect((await user.get(`/v1/media/${created.id}`)).status).toBe(404);
    expect(await app.s3.storage.head(`media/${user.userId}/${created.id}`)).toBeUndefined();

    const cut = (await pdf(3)).subarray(0, 900);
    const broken = (await announce(user, 'document', cut, 'application/pdf')).body;
    await put(broken.upload, cut);
    const answer = await user.post(`/v1/media/${broken.id}/complete`);
    expect(answer.status).toBe(422);
    expect(answer.body.error.message).toMatch(/damaged or incomplete/);
  });

  it("another user's media is a 404 everywhere, and deleting removes the object", async () => {
    const mine = await upload(user, 'image', png(5, 5), 'image/png');
    const other = await app.signIn();
    expect((await other.get(`/v1/media/${mine.id}`)).status).toBe(404);
    expect((await other.post(`/v1/media/${mine.id}/complete`)).status).toBe(404);
    expect((await other.delete(`/v1/media/${mine.id}`)).status).toBe(404);
    expect((await other.post('/v1/posts', { content: '', media: [{ id: mine.id, altText: '' }] })).status).toBe(404);
    expect((await user.get('/v1/media/not-an-id')).status).toBe(404);
    expect((await user.delete(`/v1/media/${mine.id}`)).status).toBe(204);
    expect((await user.get(`/v1/media/${mine.id}`)).status).toBe(404);
    expect(await app.s3.storage.list(`media/${user.userId}/${mine.id}`)).toEqual([]);
  });
});
