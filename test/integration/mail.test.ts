import { randomUUID } from 'node:crypto';
import { expectedOf } from '@lambdas/core/ports/post-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import { DynamoLinkedInConnectionStore } from '@lambdas/adapters/dynamodb/linkedin-connection-store';
import { DynamoMailOutbox } from '@lambdas/adapters/dynamodb/mail-outbox';
import { DynamoMailSuppressionList } from '@lambdas/adapters/dynamodb/mail-suppression-list';
import { DynamoPostStore } from '@lambdas/adapters/dynamodb/post-store';
import { CursorCodec } from '@lambdas/adapters/cursor-codec';
import { localDynamoClient } from '../../bin/runtime/dynamodb-local';
import { SmtpReceiver } from '../../bin/runtime/mail-sandbox/smtp-receiver';
import { ManualClock } from '../support/manual-clock';
import { connectLinkedIn, sandboxOf } from './support/linkedin';
import { bothParts, envelope, mailsTo, oneClickUrl, postOneClick } from './support/mail';
import { startTestApp, type ApiClient, type TestApp } from './support/test-runtime';

/**
 * Mail to users, end to end on the local runtime: the real publisher fails posts against the sandbox
 * LinkedIn, its events reach the same mail worker as in AWS, which sends over SMTP (nodemailer) to a real
 * SMTP server (smtp-server) whose mails are parsed with mailparser. Time is a manual clock; the mail
 * sender is stepped, never waited for.
 */
const clock = new ManualClock('2027-01-12T08:00:00.000Z');
const receiver = new SmtpReceiver();
let app: TestApp;
let posts: DynamoPostStore;
let connections: DynamoLinkedInConnectionStore;
let outbox: DynamoMailOutbox;
let suppression: DynamoMailSuppressionList;
let db: ReturnType<typeof createDocumentClient>;

beforeAll(async () => {
  await receiver.start();
  app = await startTestApp({ clock, env: { SMTP_URL: receiver.url }, publishing: { tickMs: 0 }, mail: { tickMs: 0 } });
  db = createDocumentClient(localDynamoClient(app.dynamoEndpoint));
  posts = new DynamoPostStore(db, app.tableName, new CursorCodec('a-test-cursor-key-of-some-length'));
  connections = new DynamoLinkedInConnectionStore(db, app.tableName);
  outbox = new DynamoMailOutbox(db, app.tableName);
  suppression = new DynamoMailSuppressionList(db, app.tableName);
});
afterAll(async () => {
  await app?.stop();
  await receiver.stop();
});

async function userWithLinkedIn(timezone?: string): Promise<{ user: ApiClient; email: string }> {
  const email = `mail-${randomUUID().slice(0, 8)}@example.com`;
  const user = await app.signIn(email);
  if (timezone) expect((await user.patch('/v1/me', { timezone })).status).toBe(200);
  await connectLinkedIn(app, user);
  return { user, email };
}

/** Schedules posts a minute ahead, makes LinkedIn refuse each (400), and publishes them. */
async function failPosts(user: ApiClient, contents: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const content of contents) {
    const created = await user.post('/v1/posts', { content });
    const res = await user.post(`/v1/posts/${created.body.id}/schedule`, { scheduledAt: new Date(clock.now().getTime() + 60_000).toISOString() });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    ids.push(created.body.id);
  }
  sandboxOf(app).injectFaults({ kind: 'status', status: 400, message: 'Commentary contains an invalid mention', times: contents.length });
  clock.advanceMinutes(2);
  await app.publishing.step();
  await app.publishing.step();
  for (const id of ids) expect((await user.get(`/v1/posts/${id}`)).body.status).toBe('failed');
  return ids;
}

/** Past the gathering time, then one sweep of the sender. */
async function sendMail(minutes = 2): Promise<void> {
  // Events are delivered asynchronously (as from the bus): let them land at the time they were published.
  await app.mail.settle();
  clock.advanceMinutes(minutes);
  await app.mail.step();
}

describe('a post failed', () => {
  it('arrives once, in two parts, with the reason, a retry link on the web app, times in the user’s zone and one-click unsubscribe headers', async () => {
    const { user, email } = await userWithLinkedIn('Europe/Paris');
    const content = `Launch day notes ${randomUUID()} with a long tail of words that must never be mailed whole`;
    const [id] = await failPosts(user, [content]);
    await sendMail();
    await sendMail(120);
    const mails = mailsTo(receiver, email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.parsed.subject).toBe('A post could not be published');
    expect(mail.parsed.subject).not.toContain('Launch');
    const { text, html } = bothParts(mail);
    for (const part of [text, html]) {
      expect(part).toContain('Commentary contains an invalid mention');
      expect(part).toContain(`${app.url}/posts?status=failed&post=${id}`);
      expect(part).toContain('“Launch day notes');
      expect(part).not.toContain('must never be mailed whole');
      // Due 08:01 UTC = 09:01 in Paris in January.
      expect(part).toMatch(/09:01 CET/);
      expect(part).toContain('Times are in Europe/Paris');
      expect(part).toContain(`${app.url}/unsubscribe?token=`);
    }
    expect(mail.headers['content-type']).toMatch(/^multipart\/alternative/);
    expect(oneClickUrl(mail)).toMatch(new RegExp(`^${app.url}/v1/notifications/unsubscribe\\?token=[\\w.-]+$`));
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.raw).not.toMatch(/Bearer|eyJ[\w-]{10,}\./);
  });

  it('says the times are in UTC when the user has no time zone', async () => {
    const { user, email } = await userWithLinkedIn();
    await failPosts(user, ['A post without a zone']);
    await sendMail();
    const { text } = bothParts(mailsTo(receiver, email)[0]!);
    expect(text).toMatch(/\d\d:\d\d UTC/);
    expect(text).toContain('Times are in UTC because your account has no time zone yet');
  });

  it('turns a burst of failures into one mail listing them, and the next one waits for the hour', async () => {
    const { user, email } = await userWithLinkedIn('UTC');
    await failPosts(user, ['First of the burst', 'Second of the burst', 'Third of the burst']);
    await sendMail();
    expect(mailsTo(receiver, email)).toHaveLength(1);
    expect(mailsTo(receiver, email)[0]!.parsed.subject).toBe('3 posts could not be published');
    const { text } = bothParts(mailsTo(receiver, email)[0]!);
    for (const words of ['First of the burst', 'Second of the burst', 'Third of the burst']) expect(text).toContain(words);

    await failPosts(user, ['Later on, another one']);
    await sendMail(10);
    expect(mailsTo(receiver, email)).toHaveLength(1);
    await sendMail(50);
    expect(mailsTo(receiver, email)).toHaveLength(2);
    expect(bothParts(mailsTo(receiver, email)[1]!).text).toContain('Later on, another one');
  });

  it('is retried after an SMTP failure, and arrives once', async () => {
    const { user, email } = await userWithLinkedIn('UTC');
    await failPosts(user, ['Retried mail']);
    receiver.refuseNext(2, 451);
    const attempts = receiver.attempts;
    await sendMail();
    await sendMail(1);
    expect(mailsTo(receiver, email)).toHaveLength(0);
    await sendMail(10);
    await sendMail(30);
    expect(receiver.attempts - attempts).toBe(3);
    expect(mailsTo(receiver, email)).toHaveLength(1);
  });

  it('is given up, not retried, when the server refuses it for good', async () => {
    const { user, email } = await userWithLinkedIn('UTC');
    await failPosts(user, ['Refused for good']);
    receiver.refuseNext(1, 550, 'No such mailbox');
    const attempts = receiver.attempts;
    await sendMail();
    await sendMail(240);
    expect(receiver.attempts - attempts).toBe(1);
    expect(mailsTo(receiver, email)).toHaveLength(0);
  });

  it('takes a redelivered event in once', async () => {
    const { user, email } = await userWithLinkedIn('UTC');
    const [id] = await failPosts(user, ['Delivered twice']);
    await app.mail.settle();
    const body = envelope({ type: 'post.failed', userId: user.userId, postId: id!, scheduledAt: null, error: { code: 'LINKEDIN_REJECTED', message: 'again' } }, 'same-event-id');
    await app.mail.deliver(body);
    await app.mail.deliver(body);
    await sendMail();
    expect(mailsTo(receiver, email)).toHaveLength(1);
    expect(bothParts(mailsTo(receiver, email)[0]!).text.match(/Open it to retry/g)).toHaveLength(1);
  });
});

describe('one-click unsubscribe', () => {
  it('stops that kind of mail, and only that kind, without signing in', async () => {
    const { user, email } = await userWithLinkedIn('UTC');
    await failPosts(user, ['Before unsubscribing']);
    await sendMail();
    const url = oneClickUrl(mailsTo(receiver, email)[0]!);

    const opened = await fetch(url, { redirect: 'manual' });
    expect(opened.status).toBe(302);
    expect(opened.headers.get('location')).toBe(`${app.url}/unsubscribe?token=${new URL(url).searchParams.get('token')}`);
    expect((await user.get('/v1/me/notifications')).body.preferences.postFailed).toBe(true);

    const res = await postOneClick(url);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ kind: 'postFailed', label: 'A post failed to publish' });
    expect((await user.get('/v1/me/notifications')).body).toEqual({
      email,
      preferences: { postFailed: false, linkedinReconnect: true, weeklySummary: false },
      suppressed: false,
    });

    await failPosts(user, ['After unsubscribing']);
    await sendMail(120);
    expect(mailsTo(receiver, email)).toHaveLength(1);

    await connections.markNeedsReconnect(user.userId, clock.now());
    await app.publishing.events.publish({ type: 'linkedin.connection_lost', userId: user.userId, reason: 'unauthorized', at: clock.now().toISOString() });
    await sendMail();
    expect(mailsTo(receiver, email)).toHaveLength(2);
    expect(mailsTo(receiver, email)[1]!.parsed.subject).toBe('Reconnect LinkedIn to keep publishing');
  });

  it('answers a link from an old mail of an account since erased as done, and writes no item of that user back', async () => {
    const { user, email } = await userWithLinkedIn('UTC');
    await failPosts(user, ['Before the account went']);
    await sendMail();
    const url = oneClickUrl(mailsTo(receiver, email)[0]!);
    // The account erased as the deletion job leaves it: nothing under the user's key.
    const partition = async () =>
      (await db.send(new QueryCommand({ TableName: app.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `USER#${user.userId}` } }))).Items ?? [];
    for (const item of await partition()) await db.send(new DeleteCommand({ TableName: app.tableName, Key: { PK: item['PK'], SK: item['SK'] } }));
    expect(await partition()).toEqual([]);

    const res = await postOneClick(url);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ kind: 'postFailed', label: 'A post failed to publish' });
    expect(await partition()).toEqual([]);
  });

  it('refuses a token that was changed, with a message a person can act on', async () => {
    const res = await postOneClick(`${app.url}/v1/notifications/unsubscribe?token=${Buffer.from('someone').toString('base64url')}.postFailed.forged`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({ code: 'INVALID_UNSUBSCRIBE_LINK', message: expect.stringContaining('Settings') });
    expect((await postOneClick(`${app.url}/v1/notifications/unsubscribe`)).status).toBe(400);
  });
});

describe('LinkedIn needs reconnecting', () => {
  it('at once on a 401: lists each waiting post by its first words and time, in one mail', async () => {
    const { user, email } = await userWithLinkedIn('America/New_York');
    const waiting: string[] = [];
    for (const [i, content] of ['Waiting post number one, with more words after the first eight', 'Waiting post number two'].entries()) {
      const created = await user.post('/v1/posts', { content });
      const scheduledAt = new Date(clock.now().getTime() + (i + 1) * 3_600_000).toISOString();
      expect((await user.post(`/v1/posts/${created.body.id}/schedule`, { scheduledAt })).status).toBe(200);
      // The publisher (branch publish-truth) moves due posts to `waiting`; here the table is set as it would.
      const post = (await posts.get(user.userId, created.body.id))!;
      await posts.update({ ...post, status: 'waiting', version: post.version + 1 }, expectedOf(post));
      waiting.push(created.body.id);
    }
    await connections.markNeedsReconnect(user.userId, clock.now());
    await app.publishing.events.publish({ type: 'linkedin.connection_lost', userId: user.userId, reason: 'unauthorized', at: clock.now().toISOString() });
    for (const postId of waiting) await app.publishing.events.publish({ type: 'post.waiting', userId: user.userId, postId, scheduledAt: null });
    await sendMail();
    await sendMail(120);
    const mails = mailsTo(receiver, email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.parsed.subject).toBe('Reconnect LinkedIn: 2 posts waiting');
    const { text, html } = bothParts(mails[0]!);
    for (const part of [text, html]) {
      expect(part).toContain('“Waiting post number one, with more words after…”');
      expect(part).toContain('“Waiting post number two”');
      expect(part).toMatch(/GMT-5/);
      expect(part).toContain('Times are in America/New_York');
      expect(part).toContain(`${app.url}/settings#linkedin`);
    }
  });

  it('never when the user disconnected on purpose', async () => {
    const { user, email } = await userWithLinkedIn('UTC');
    expect((await user.delete('/v1/linkedin')).status).toBe(204);
    await app.publishing.events.publish({ type: 'post.waiting', userId: user.userId, postId: 'any', scheduledAt: null });
    await sendMail();
    expect(mailsTo(receiver, email)).toHaveLength(0);
  });

  it('7 days and 1 day before the token expires (the daily job), once each', async () => {
    const { user, email } = await userWithLinkedIn('UTC');
    const expiresAt = Date.parse((await user.get('/v1/me')).body.linkedin.expiresAt as string);
    clock.advance(expiresAt - clock.now().getTime() - 6.5 * 86_400_000);
    await app.mail.runDaily();
    await app.mail.runDaily();
    await sendMail();
    expect(mailsTo(receiver, email).map((mail) => mail.parsed.subject)).toEqual(['Your LinkedIn connection expires in 7 days']);

    clock.advance(6 * 86_400_000);
    await app.mail.runDaily();
    await sendMail();
    await app.mail.runDaily();
    await sendMail(120);
    expect(mailsTo(receiver, email).map((mail) => mail.parsed.subject)).toEqual(['Your LinkedIn connection expires in 7 days', 'Your LinkedIn connection expires tomorrow']);
    expect(bothParts(mailsTo(receiver, email)[1]!).text).toContain(`${app.url}/settings#linkedin`);
  });
});

describe('the weekly summary', () => {
  it('is off by default, and comes on its day once turned on in Settings', async () => {
    const { user, email } = await userWithLinkedIn('UTC');
    expect((await user.get('/v1/me/notifications')).body.preferences.weeklySummary).toBe(false);
    // To the next Monday.
    while (clock.now().getUTCDay() !== 1) clock.advance(86_400_000);
    await app.mail.runDaily();
    await sendMail();
    expect(mailsTo(receiver, email)).toHaveLength(0);

    const res = await user.patch('/v1/me/notifications', { preferences: { weeklySummary: true } });
    expect(res.status).toBe(200);
    expect(res.body.preferences).toEqual({ postFailed: true, linkedinReconnect: true, weeklySummary: true });
    await app.mail.runDaily();
    await sendMail();
    expect(mailsTo(receiver, email).map((mail) => mail.parsed.subject)).toEqual(['Your week on Mark.0: 0 posts published, 0 posts scheduled']);
  });

  it('refuses preferences it does not know, naming the field', async () => {
    const user = await app.signIn();
    const res = await user.patch('/v1/me/notifications', { preferences: { weekly: true } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'preferences.weekly', message: 'unknown field "weekly"' }]);
    expect((await user.patch('/v1/me/notifications', { preferences: {} })).status).toBe(400);
    expect((await user.patch('/v1/me/notifications', { preferences: { postFailed: 'yes' } })).status).toBe(400);
  });
});

describe('a suppressed address', () => {
  it('shows in Settings at once, and in the export as the authorizer read it with the profile (its cached result: 5 minutes at most)', async () => {
    const email = `mail-${randomUUID().slice(0, 8)}@example.com`;
    const user = await app.signIn(email);
    expect((await user.get('/v1/me/notifications')).body.suppressed).toBe(false);
    // A bounce names the address as the provider saw it: the list's key is case-insensitive.
    await suppression.suppress(email.toUpperCase(), 'bounce', clock.now());
    expect((await user.get('/v1/me/notifications')).body).toEqual({ email, preferences: { postFailed: true, linkedinReconnect: true, weeklySummary: false }, suppressed: true });
    const patched = await user.patch('/v1/me/notifications', { preferences: { linkedinReconnect: false } });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ email, preferences: { postFailed: true, linkedinReconnect: false, weeklySummary: false }, suppressed: true });
    // The session's authorization was cached before the bounce: the export writes what it read then.
    const cached = await user.get('/v1/me/export');
    expect(cached.status).toBe(200);
    expect(cached.body.account).toMatchObject({ email, mailSuppressed: false });
    // Once that result is gone (as after API Gateway's TTL), the next authorization reads the suppression.
    app.gateway.clearAuthorizerCache();
    const exported = await user.get('/v1/me/export');
    expect(exported.status).toBe(200);
    expect(exported.body.account).toMatchObject({ email, mailSuppressed: true });
  });
});

describe('a mail failure never fails publishing', () => {
  it('publishes and fails posts as usual while every SMTP send is refused', async () => {
    const { user, email } = await userWithLinkedIn('UTC');
    receiver.refuseNext(20, 554, 'Everything refused');
    await failPosts(user, ['Failed whatever the mail does']);
    const created = await user.post('/v1/posts', { content: `Published whatever the mail does ${randomUUID()}` });
    expect((await user.post(`/v1/posts/${created.body.id}/publish`)).status).toBe(202);
    await app.publishing.step();
    expect((await user.get(`/v1/posts/${created.body.id}`)).body.status).toBe('published');
    await sendMail();
    expect(mailsTo(receiver, email)).toHaveLength(0);
    const sent = await outbox.listDue(new Date(clock.now().getTime() + 86_400_000), new Date(clock.now().getTime() - 86_400_000));
    expect(sent.filter((mail) => mail.userId === user.userId)).toHaveLength(0);
  });
});

describe('SMTP security', () => {
  for (const tls of ['starttls', 'implicit'] as const) {
    it(`sends over TLS (${tls === 'starttls' ? 'STARTTLS when the server offers it' : 'smtps://'})`, async () => {
      const secure = new SmtpReceiver({ tls });
      await secure.start();
      const tlsClock = new ManualClock('2027-01-12T08:00:00.000Z');
      const other = await startTestApp({ clock: tlsClock, env: { SMTP_URL: secure.url }, publishing: { tickMs: 0 }, mail: { tickMs: 0 } });
      try {
        const email = `tls-${randomUUID().slice(0, 8)}@example.com`;
        const user = await other.signIn(email);
        await connectLinkedIn(other, user);
        const db = new DynamoLinkedInConnectionStore(createDocumentClient(localDynamoClient(other.dynamoEndpoint)), other.tableName);
        await db.markNeedsReconnect(user.userId, tlsClock.now());
        await other.publishing.events.publish({ type: 'linkedin.connection_lost', userId: user.userId, reason: 'unauthorized', at: tlsClock.now().toISOString() });
        await other.mail.settle();
        tlsClock.advanceMinutes(2);
        await other.mail.step();
        expect(mailsTo(secure, email)).toHaveLength(1);
        expect(mailsTo(secure, email)[0]!.secure).toBe(true);
      } finally {
        await other.stop();
        await secure.stop();
      }
    });
  }
});
