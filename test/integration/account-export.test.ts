import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_FORMAT, type ExportDocument } from '@contract/api/account';
import { POST_STATUSES } from '@contract/api/posts';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import { localDynamoClient } from '../../bin/runtime/dynamodb-local';
import { seedPosts } from './support/account-data';
import { connectLinkedIn } from './support/linkedin';
import { announce, upload } from './support/media';
import { png } from '../support/media-files';
import { startTestApp, type ApiClient, type TestApp } from './support/test-runtime';

/**
 * GET /v1/me/export over HTTP against the local runtime (DynamoDB Local, the
 * gateway streaming the function's answer): complete for a user with 2,500
 * posts in every state, nothing secret in it, nothing of another user.
 */
let app: TestApp;
let db: ReturnType<typeof createDocumentClient>;

beforeAll(async () => {
  // The deletion job stays queued (tickMs 0): the 401 tested here is the export handler's own, not the gateway's after a flush.
  app = await startTestApp({ deletion: { tickMs: 0 } });
  db = createDocumentClient(localDynamoClient(app.dynamoEndpoint));
});
afterAll(async () => {
  db?.destroy();
  await app?.stop();
});

const POSTS = 2_500;

/** Patterns of what must never leave: LinkedIn access tokens (AQ…), JWTs, and long base64 runs such as ciphertexts. */
const SECRET_PATTERNS = [/AQ[A-Za-z0-9_-]{40,}/, /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./, /[A-Za-z0-9+/_-]{60,}={0,2}/];

async function exportOf(user: ApiClient): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`${app.url}/v1/me/export`, { headers: { Authorization: `Bearer ${user.token}` } });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe('GET /v1/me/export', () => {
  it('streams everything stored about the user, 2,500 posts in every state included, and no secret', async () => {
    const user = await app.signIn();
    const other = await app.signIn();
    await connectLinkedIn(app, user);
    expect((await user.request('PUT', '/v1/me/voice', { json: { styleProfile: 'Plain, warm, short sentences.', examples: ['We shipped it.'] } })).status).toBe(200);
    expect((await user.patch('/v1/me', { timezone: 'Europe/Paris' })).status).toBe(200);
    expect((await user.patch('/v1/me/notifications', { preferences: { weeklySummary: true } })).status).toBe(200);
    const chart = png(6, 4);
    const image = await upload(user, 'image', chart, 'image/png', 'chart.png');
    const announced = await announce(user, 'document', Buffer.alloc(2048), 'application/pdf', 'Deck.pdf');
    const viaApi = await user.post('/v1/posts', { content: 'Written through the API', media: [{ id: image.id, altText: 'A chart' }] });
    expect(viaApi.status).toBe(201);
    // Posting times saved, and the post in the queue: the schedule and the slot it holds are the user's data too.
    const slots = [{ day: 'mon', time: '09:00' }, { day: 'thu', time: '17:30' }];
    expect((await user.request('PUT', '/v1/me/schedule', { json: { slots } })).status).toBe(200);
    const queued = await user.post(`/v1/posts/${viaApi.body.id}/queue`);
    expect(queued.status).toBe(200);
    // An OAuth state left pending (a connect never completed): stored, never exported.
    expect((await user.post('/v1/linkedin/connect', {})).status).toBe(200);
    const seeded = await seedPosts(db, app.tableName, user.userId, POSTS, new Date());
    await seedPosts(db, app.tableName, other.userId, 30, new Date());

    const started = Date.now();
    const { status, headers, text } = await exportOf(user);
    const ms = Date.now() - started;
    expect(status, text.slice(0, 300)).toBe(200);
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expect(headers.get('content-disposition')).toMatch(/^attachment; filename="mark0-export-\d{4}-\d{2}-\d{2}\.json"$/);
    const document = JSON.parse(text) as ExportDocument;

    expect(document).toMatchObject({ format: EXPORT_FORMAT, complete: true, account: { userId: user.userId, timezone: 'Europe/Paris', usagePlan: 'free', mailSuppressed: false } });
    expect(new Set(document.posts.map((post) => post.id))).toEqual(new Set([...seeded.map((post) => post.id), viaApi.body.id]));
    expect(document.counts['posts']).toBe(POSTS + 1);
    expect(new Set(document.posts.map((post) => post.status))).toEqual(new Set(POST_STATUSES));
    const published = document.posts.find((post) => post.status === 'published')!;
    expect(published.linkedinUrl).toContain(published.linkedinUrn);
    expect(document.posts.find((post) => post.status === 'scheduled')!.scheduledAt).not.toBeNull();
    expect(document.linkedin).toMatchObject({ memberUrn: expect.stringMatching(/^urn:li:person:/), name: 'Ada Lovelace', status: 'connected' });
    expect(Object.keys(document.linkedin!).sort()).toEqual(['connectedAt', 'expiresAt', 'memberUrn', 'name', 'pictureUrl', 'status', 'updatedAt']);
    expect(document.voice).toMatchObject({ styleProfile: 'Plain, warm, short sentences.', examples: ['We shipped it.'] });
    expect(document.usage[0]!.counters['requests']).toBeGreaterThan(0);
    expect(document.audit.map((event) => event.type)).toEqual(expect.arrayContaining(['user.signed_up', 'linkedin.connected']));
    expect(document.mailPreferences).toEqual({ weeklySummary: true });
    expect(document.mails).toEqual([]);
    // Files: what Mark.0 knows of each, and for a checked one a link to its bytes (not S3's signed URLs, which die with the role's session).
    expect(document.media).toHaveLength(2);
    const exportedImage = document.media.find((m) => m.id === image.id)!;
    expect(exportedImage).toEqual({
      id: image.id, kind: 'image', status: 'ready', contentType: 'image/png', size: image['size'], fileName: 'chart.png',
      width: 6, height: 4, pages: null, durationSeconds: null, postId: viaApi.body.id, createdAt: image['createdAt'],
      downloadUrl: expect.stringContaining(`${app.url}/v1/media/${image.id}/download?token=`), downloadUrlExpiresAt: expect.any(String),
    });
    // A day from when its page was read (after exportedAt, by the time the stream took).
    expect(Date.parse(exportedImage.downloadUrlExpiresAt!) - Date.parse(document.exportedAt)).toBeGreaterThanOrEqual(24 * 3600_000);
    expect(Date.parse(exportedImage.downloadUrlExpiresAt!) - Date.parse(document.exportedAt)).toBeLessThan(24 * 3600_000 + 120_000);
    expect(document.media.find((m) => m.id === announced.body.id)).toMatchObject({ kind: 'document', status: 'pending', fileName: 'Deck.pdf', postId: null, downloadUrl: null });
    expect(document.posts.find((post) => post.id === viaApi.body.id)!.media).toEqual([expect.objectContaining({ id: image.id, altText: 'A chart' })]);
    expect(text).not.toContain(announced.body.upload.url);
    expect(text).not.toMatch(/X-Amz-Signature|"asset"/);
    expect(document.postingSchedules).toEqual([{ channel: 'linkedin', slots, paused: false, pausedAt: null, updatedAt: expect.any(String) }]);
    expect(document.queueSlots).toEqual([{ at: queued.body.scheduledAt, postIds: [viaApi.body.id] }]);
    expect(document.other).toEqual([]);
    expect(text).not.toContain(other.userId);

    // No secret: the stored (encrypted) token, the API key, the session's token, anything shaped like one.
    const profile = (await db.send(new GetCommand({ TableName: app.tableName, Key: { PK: `USER#${user.userId}`, SK: 'PROFILE' } }))).Item!;
    const connection = (await db.send(new GetCommand({ TableName: app.tableName, Key: { PK: `USER#${user.userId}`, SK: 'LINKEDIN' } }))).Item!;
    for (const secret of [connection['encryptedAccessToken'] as string, (profile['apiKey'] as { value: string }).value, (profile['apiKey'] as { id: string }).id, user.token]) {
      expect(text).not.toContain(secret);
    }
    for (const pattern of SECRET_PATTERNS) expect(text, `matches ${pattern}`).not.toMatch(pattern);
    expect(text).not.toMatch(/encrypted|apiKeyClaim|"token"/i);
    // The download link works without a session: a redirect to a short signed GET of the very bytes; a changed token is refused.
    const redirect = await fetch(exportedImage.downloadUrl!, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('cache-control')).toBe('no-store');
    const bytes = await fetch(redirect.headers.get('location')!);
    expect(bytes.status).toBe(200);
    expect(Buffer.from(await bytes.arrayBuffer()).equals(chart)).toBe(true);
    const changed = await fetch(exportedImage.downloadUrl!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), { redirect: 'manual' });
    expect(changed.status).toBe(403);
    expect(await changed.json()).toMatchObject({ error: { code: 'INVALID_DOWNLOAD_LINK' } });
    expect((await fetch(exportedImage.downloadUrl!.replace(image.id, announced.body.id), { redirect: 'manual' })).status).toBe(403);
    console.log(`export of ${POSTS + 1} posts: ${(text.length / 1024 / 1024).toFixed(1)} MiB in ${ms} ms`);
  });

  it('refuses a session whose account is gone before the first byte (401), and takes no parameters', async () => {
    const user = await app.signIn();
    expect((await user.get('/v1/me/export?format=csv')).status).toBe(400);
    expect((await user.request('DELETE', '/v1/me', { json: { confirm: (await user.get('/v1/me')).body.email } })).status).toBe(202);
    const { status, text } = await exportOf(user);
    expect(status).toBe(401);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'ACCOUNT_DELETED' } });
  });
});
