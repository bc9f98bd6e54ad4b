import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '@contract/routes';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import type { LocalApiKeyProvisioner } from '@lambdas/adapters/local/local-api-keys';
import { DynamoMailSuppressionList, suppressionKey } from '@lambdas/adapters/dynamodb/mail-suppression-list';
import { localDynamoClient } from '../../bin/runtime/dynamodb-local';
import { ManualClock } from '../support/manual-clock';
import { pdf, png } from '../support/media-files';
import { itemsMentioning, scanAll, seedPosts } from './support/account-data';
import { connectLinkedIn, sandboxPostsOf } from './support/linkedin';
import { announce, put, upload } from './support/media';
import { startTestApp, type ApiClient, type TestApp } from './support/test-runtime';

/**
 * DELETE /v1/me over HTTP against the local runtime, the deletion job run by
 * the local queue with the same worker as in Lambda, time moved by hand.
 */
const clock = new ManualClock(new Date());
let app: TestApp;
let db: ReturnType<typeof createDocumentClient>;

beforeAll(async () => {
  app = await startTestApp({ clock, publishing: { tickMs: 0 }, deletion: { tickMs: 0 } });
  db = createDocumentClient(localDynamoClient(app.dynamoEndpoint));
});
afterAll(async () => {
  db?.destroy();
  await app?.stop();
});

const inMinutes = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000).toISOString();
const pendingOf = (userId: string) => app.publishing.scheduler.pending().filter((message) => message.userId === userId);
const keyNames = () => (app.apiKeys as LocalApiKeyProvisioner).keyNames();

const objectsOf = (userId: string) => app.s3.storage.list(`media/${userId}/`);

/**
 * A user with everything a user can have: LinkedIn, posts (two scheduled, one with an image), files (a document
 * not attached, an upload never completed), a voice, a pending OAuth state, counters and audit events.
 */
async function busyUser(email?: string): Promise<{ user: ApiClient; email: string; postIds: string[] }> {
  const user = await app.signIn(email);
  await connectLinkedIn(app, user);
  const image = await upload(user, 'image', png(4, 3), 'image/png');
  await upload(user, 'document', await pdf(2), 'application/pdf', 'Deck.pdf');
  const unfinished = png(2, 2);
  const announced = await announce(user, 'image', unfinished, 'image/png');
  expect((await put(announced.body.upload, unfinished)).status).toBe(200);
  const postIds: string[] = [];
  for (const [i, minutes] of [60, 90, undefined].entries()) {
    const media = minutes ? {} : { media: [{ id: image.id, altText: 'A chart' }] };
    const created = await user.post('/v1/posts', { content: `Post ${i} of ${user.userId}`, ...media });
    expect(created.status).toBe(201);
    postIds.push(created.body.id);
    if (minutes) expect((await user.post(`/v1/posts/${created.body.id}/schedule`, { scheduledAt: inMinutes(minutes) })).status).toBe(200);
  }
  expect((await user.request('PUT', '/v1/me/voice', { json: { styleProfile: 'Short.', examples: [] } })).status).toBe(200);
  expect((await user.post('/v1/linkedin/connect', {})).status).toBe(200);
  expect((await user.patch('/v1/me/notifications', { preferences: { weeklySummary: true } })).status).toBe(200);
  return { user, email: (await user.get('/v1/me')).body.email, postIds };
}

/** Runs the deletion job to its end, moving the clock over its waits (a post's lease, the in-flight window). */
async function runJobToTheEnd(userId: string): Promise<void> {
  for (let round = 0; round < 10; round++) {
    await app.accountDeletion.settle();
    const waiting = app.accountDeletion.pending().find((job) => job.userId === userId);
    if (!waiting) return;
    clock.advance(Math.max(0, Date.parse(waiting.at) - clock.now().getTime()) + 1_000);
  }
  throw new Error('the deletion job did not finish');
}

describe('DELETE /v1/me', () => {
  it('says what to send unless the body confirms with the account\'s email', async () => {
    const user = await app.signIn();
    const noBody = await user.delete('/v1/me');
    expect(noBody.status).toBe(400);
    expect(noBody.body.error.message).toContain('"confirm"');
    const wrong = await user.request('DELETE', '/v1/me', { json: { confirm: 'someone@else.example' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([{ field: 'confirm', message: expect.stringContaining("account's email") }]);
    expect((await user.request('DELETE', '/v1/me', { json: { confirm: 'x', extra: true } })).status).toBe(400);
    expect((await user.get('/v1/me')).status).toBe(200);
  });

  it('erases every item, schedule, key and identity of the account, keeps one record without the email, and touches no one else', async () => {
    const { user, email, postIds } = await busyUser();
    const bystander = await busyUser();
    await seedPosts(db, app.tableName, user.userId, 12, clock.now());
    // A bounce put the address on the mail suppression list (keyed by its hash, outside the user's partition).
    await new DynamoMailSuppressionList(db, app.tableName).suppress(email, 'bounce', clock.now());
    const suppressed = JSON.stringify(suppressionKey(email));
    expect(pendingOf(user.userId)).toHaveLength(2);
    // Requests are counted from the access log after their answer (the usage counter): the bystander's count settles first.
    await app.settleUsage();
    const before = await scanAll(db, app.tableName);
    const bystanderBefore = itemsMentioning(before, bystander.user.userId);
    const bystanderSchedules = pendingOf(bystander.user.userId);
    const bystanderObjects = await objectsOf(bystander.user.userId);
    expect(bystanderObjects).toHaveLength(3);
    expect(await objectsOf(user.userId)).toHaveLength(3);
    expect(keyNames()).toContain(`user-${user.userId}`);

    // A download link from an export made before: it works now, and leads nowhere once the files are erased.
    const exported = await fetch(`${app.url}/v1/me/export`, { headers: { Authorization: `Bearer ${user.token}` } });
    const link = ((await exported.json()) as { media: { downloadUrl: string | null }[] }).media.find((m) => m.downloadUrl)!.downloadUrl!;
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(302);

    const deleted = await user.request('DELETE', '/v1/me', { json: { confirm: `  ${email.toUpperCase()} ` } });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(202);
    expect(deleted.body).toMatchObject({ status: 'deleting', message: expect.stringContaining('stay there') });

    // The job has not run: the gateway still holds the session's authorization, and the handlers refuse it.
    for (const refused of [
      await user.get('/v1/me'),
      await user.get('/v1/usage'),
      await user.post('/v1/posts', { content: 'after the end' }),
      await user.patch(`/v1/posts/${postIds[2]}`, { content: 'edited after the end' }),
      await user.post(`/v1/posts/${postIds[2]}/schedule`, { scheduledAt: inMinutes(30) }),
      await user.request('PUT', '/v1/me/voice', { json: { styleProfile: 'x', examples: [] } }),
      await user.patch('/v1/me', { timezone: 'Europe/Paris' }),
      await announce(user, 'image', png(2, 2), 'image/png'),
    ]) {
      expect(refused.status, JSON.stringify(refused.body)).toBe(401);
      expect(refused.body.error.code).toBe('ACCOUNT_DELETED');
    }
    // Asked twice (a double click): the same answer, no second job.
    expect((await user.request('DELETE', '/v1/me', { json: { confirm: email } })).status).toBe(202);

    await runJobToTheEnd(user.userId);

    const after = await scanAll(db, app.tableName);
    const left = itemsMentioning(after, user.userId);
    expect(left.map((item) => `${item['PK']} ${item['SK']}`)).toEqual([`ACCOUNT_DELETION#${user.userId} RECORD`]);
    expect(left[0]).toMatchObject({ status: 'done', emailHash: expect.stringMatching(/^[0-9a-f]{64}$/), completedAt: expect.any(String) });
    expect(JSON.stringify(after)).not.toContain(email);
    expect(after.filter((item) => JSON.stringify({ PK: item['PK'], SK: item['SK'] }) === suppressed)).toEqual([]);
    expect(pendingOf(user.userId)).toEqual([]);
    expect(await objectsOf(user.userId)).toEqual([]);
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(404);
    expect(keyNames()).not.toContain(`user-${user.userId}`);
    expect(app.identities.existingSubject(email)).toBeUndefined();

    // Nobody else lost anything.
    expect(itemsMentioning(after, bystander.user.userId)).toEqual(bystanderBefore);
    expect(pendingOf(bystander.user.userId)).toEqual(bystanderSchedules);
    expect(await objectsOf(bystander.user.userId)).toEqual(bystanderObjects);
    expect(keyNames()).toContain(`user-${bystander.user.userId}`);
    expect((await bystander.user.get('/v1/posts')).body.items).toHaveLength(3);
    const attached = (await bystander.user.get(`/v1/posts/${bystander.postIds[2]}`)).body.media[0];
    expect((await bystander.user.get(`/v1/media/${attached.id}`)).body).toMatchObject({ status: 'ready', postId: bystander.postIds[2] });

    // The old session: 401 on every route, at once (the job flushed the authorizer cache).
    for (const route of ROUTES.filter((r) => r.auth === 'user')) {
      const res = await user.request(route.method, route.path.replace('{id}', postIds[0]!), route.method === 'GET' || route.method === 'DELETE' ? {} : { json: {} });
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
    }

    // The same email signs up again as a brand-new, empty account.
    const again = await app.signIn(email);
    expect(again.userId).not.toBe(user.userId);
    expect((await again.get('/v1/me')).body).toMatchObject({ email, linkedin: { connected: false } });
    expect((await again.get('/v1/posts')).body.items).toEqual([]);
  });

  it('publishes nothing for an account once it is deleted: a post falling due meanwhile is not claimed', async () => {
    const { user, email } = await busyUser();
    const due = await user.post('/v1/posts', { content: `Due right after the deletion of ${user.userId}` });
    expect((await user.post(`/v1/posts/${due.body.id}/schedule`, { scheduledAt: inMinutes(2) })).status).toBe(200);
    expect((await user.request('DELETE', '/v1/me', { json: { confirm: email } })).status).toBe(202);
    clock.advanceMinutes(3);
    await app.publishing.step();
    await app.publishing.step();
    expect(sandboxPostsOf(app, `Due right after the deletion of ${user.userId}`)).toEqual([]);
    await runJobToTheEnd(user.userId);
    expect(itemsMentioning(await scanAll(db, app.tableName), user.userId)).toHaveLength(1);
  });
});
