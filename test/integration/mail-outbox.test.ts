import { beforeAll, describe, expect, it } from 'vitest';
import { CursorCodec } from '@lambdas/adapters/cursor-codec';
import { DynamoLinkedInConnectionStore } from '@lambdas/adapters/dynamodb/linkedin-connection-store';
import { DynamoMailOutbox } from '@lambdas/adapters/dynamodb/mail-outbox';
import { DynamoMailPreferenceStore } from '@lambdas/adapters/dynamodb/mail-preference-store';
import { DynamoMailSuppressionList } from '@lambdas/adapters/dynamodb/mail-suppression-list';
import { DynamoPostStore } from '@lambdas/adapters/dynamodb/post-store';
import { DynamoUserStore } from '@lambdas/adapters/dynamodb/user-store';
import { HmacUnsubscribeTokens } from '@lambdas/adapters/unsubscribe-token-signer';
import { AccountGoneError } from '@lambdas/core/errors';
import { takeIn } from '@lambdas/core/mail/mail-intake';
import { sendDueMails, type SendDeps } from '@lambdas/core/mail/send-mail';
import type { MailOutbox } from '@lambdas/core/ports/mail-outbox';
import { MailSendError, type OutgoingMail } from '@lambdas/core/ports/mailer';
import { ManualClock } from '../support/manual-clock';
import { createTestTable } from './support/test-table';

/**
 * The outbox's exactly-once argument against DynamoDB Local, with the sender's crash points injected: a
 * mailer that records what it was handed, and an outbox whose "mark sent" write can be made to die.
 */
const clock = new ManualClock('2027-03-01T09:00:00.000Z');
let deps: SendDeps;
let outbox: DynamoMailOutbox;
const handed: OutgoingMail[] = [];
let mailerFails: MailSendError | undefined;
let crashOnFinish = 0;
let n = 0;

beforeAll(async () => {
  const { db, tableName } = await createTestTable();
  outbox = new DynamoMailOutbox(db, tableName);
  const crashing: MailOutbox = Object.assign(Object.create(outbox) as MailOutbox, {
    finish: async (...args: Parameters<MailOutbox['finish']>) => {
      if (args[2].status === 'sent' && crashOnFinish > 0) {
        crashOnFinish--;
        throw new Error('simulated crash between the send and its mark');
      }
      return outbox.finish(...args);
    },
  });
  deps = {
    outbox: crashing,
    users: new DynamoUserStore(db, tableName),
    posts: new DynamoPostStore(db, tableName, new CursorCodec('a-cursor-key-for-the-mail-tests')),
    connections: new DynamoLinkedInConnectionStore(db, tableName),
    preferences: new DynamoMailPreferenceStore(db, tableName),
    suppression: new DynamoMailSuppressionList(db, tableName),
    tokens: new HmacUnsubscribeTokens('an-app-secret-key-for-the-mail-tests'),
    web: { origin: 'https://app.example.org', apiUrl: 'https://api.example.org/prod' },
    clock,
    mailer: {
      async send(mail) {
        if (mailerFails) throw mailerFails;
        handed.push(mail);
        return { providerId: `ses-${handed.length}` };
      },
    },
  };
});

/** A user whose LinkedIn was lost, with one reconnect mail collected and due in a minute. */
async function userWithMail(): Promise<{ userId: string; email: string }> {
  const userId = `u${++n}`;
  const email = `${userId}@example.com`;
  await deps.users.createIfAbsent({ userId, email, tier: 'free', createdAt: clock.now().toISOString(), timezone: 'Europe/Paris' });
  await deps.connections.save({
    userId, memberUrn: 'urn:li:person:x', name: 'X', pictureUrl: null, encryptedAccessToken: 'enc', expiresAt: '2027-04-01T00:00:00.000Z',
    status: 'needsReconnect', connectedAt: clock.now().toISOString(), updatedAt: clock.now().toISOString(),
  });
  await outbox.collect({ userId, entry: { type: 'linkedin.connection_lost', reason: 'unauthorized', at: clock.now().toISOString() }, dedupeKey: `event#${userId}`, now: clock.now() });
  return { userId, email };
}

const sentTo = (email: string) => handed.filter((mail) => mail.to === email);
async function sweepAfter(minutes: number) {
  clock.advanceMinutes(minutes);
  return sendDueMails(deps);
}

describe('the outbox, exactly once', () => {
  it('a crash between the send and its mark: no second send while the provider\'s confirmation can still come, none after it came', async () => {
    const { userId, email } = await userWithMail();
    crashOnFinish = 1;
    await sweepAfter(2);
    expect(sentTo(email)).toHaveLength(1);
    // The lease (2 min) is over, but `calling` holds the mail for the provider's word.
    await sweepAfter(3);
    expect(sentTo(email)).toHaveLength(1);
    // SES's Send event, tagged with the outbox id, arrives through the mail queue.
    const mailId = sentTo(email)[0]!.id;
    expect(await takeIn({ outbox, suppression: deps.suppression, clock }, { type: 'ses', notification: { eventType: 'Send', mail: { messageId: 'ses-1', tags: { mailId: [mailId], userId: [userId] } } } })).toEqual({
      kind: 'confirmed',
      mailId,
      known: true,
    });
    await sweepAfter(30);
    expect(sentTo(email)).toHaveLength(1);
    expect(await outbox.mail(userId, mailId)).toMatchObject({ status: 'sent', providerId: 'ses-1' });
  });

  it('without a confirmation, sends once more after the wait, with the same outbox id (the SMTP Message-ID)', async () => {
    const { email } = await userWithMail();
    crashOnFinish = 1;
    await sweepAfter(2);
    await sweepAfter(5);
    expect(sentTo(email)).toHaveLength(1);
    const result = await sweepAfter(6);
    expect(sentTo(email)).toHaveLength(2);
    expect(sentTo(email)[1]!.id).toBe(sentTo(email)[0]!.id);
    expect(result.outcomes.map((o) => o.outcome)).toContainEqual({ kind: 'sent', providerId: expect.any(String), resent: true });
    await sweepAfter(60);
    expect(sentTo(email)).toHaveLength(2);
  });

  it('an unknown outcome (timeout) is not retried before the confirmation wait; a refusal for now is retried sooner', async () => {
    const { email: timedOut } = await userWithMail();
    mailerFails = new MailSendError('SES TimeoutError', false, true);
    await sweepAfter(2);
    mailerFails = undefined;
    await sweepAfter(5);
    expect(sentTo(timedOut)).toHaveLength(0);
    await sweepAfter(6);
    expect(sentTo(timedOut)).toHaveLength(1);

    const { email: throttled } = await userWithMail();
    mailerFails = new MailSendError('SES TooManyRequestsException', false, false);
    await sweepAfter(2);
    mailerFails = undefined;
    await sweepAfter(2);
    expect(sentTo(throttled)).toHaveLength(1);
  });

  it('two senders at once send a mail once: the claim is conditional', async () => {
    const { email } = await userWithMail();
    clock.advanceMinutes(2);
    await Promise.all([sendDueMails(deps), sendDueMails(deps), sendDueMails(deps)]);
    expect(sentTo(email)).toHaveLength(1);
  });

  it('nothing is sent to an address that bounced for good', async () => {
    const { email } = await userWithMail();
    await takeIn(
      { outbox, suppression: deps.suppression, clock },
      { type: 'ses', notification: { eventType: 'Bounce', mail: { messageId: 'm' }, bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: email.toUpperCase() }] } } },
    );
    await sweepAfter(2);
    expect(sentTo(email)).toHaveLength(0);
  });

  it('every mail carries its links on the web origin, the one-click URL on the API, and no token in the subject', async () => {
    const { email } = await userWithMail();
    await sweepAfter(2);
    const mail = sentTo(email)[0]!;
    expect(mail.headers['List-Unsubscribe']).toMatch(/^<https:\/\/api\.example\.org\/prod\/v1\/notifications\/unsubscribe\?token=[\w.-]+>$/);
    expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.text).toContain('https://app.example.org/settings#linkedin');
    expect(mail.text).toContain('https://app.example.org/unsubscribe?token=');
    expect(mail.subject).not.toMatch(/token|[\w-]{20,}/);
  });
});

describe('mail preferences', () => {
  it('are set only while the profile exists: a change racing the account\'s deletion writes nothing back', async () => {
    const { userId } = await userWithMail();
    await deps.preferences.update(userId, { weeklySummary: true, postFailed: false }, clock.now());
    expect(await deps.preferences.get(userId)).toEqual({ weeklySummary: true, postFailed: false });

    // An account erased between the request's read and its write: no profile, no preferences.
    const gone = `gone-${++n}`;
    await expect(deps.preferences.update(gone, { weeklySummary: true }, clock.now())).rejects.toBeInstanceOf(AccountGoneError);
    expect(await deps.preferences.get(gone)).toBeUndefined();
    const { userIds } = await deps.preferences.weeklySubscribers();
    expect(userIds).toContain(userId);
    expect(userIds).not.toContain(gone);
  });
});
