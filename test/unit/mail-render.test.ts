import { describe, expect, it } from 'vitest';
import { HmacUnsubscribeTokens } from '@lambdas/adapters/unsubscribe-token-signer';
import { parseMailQueueMessage } from '@lambdas/core/mail/mail-messages';
import { renderMail } from '@lambdas/core/mail/render/mail-document';
import { firstWords, formatTime, mailZone } from '@lambdas/core/mail/render/mail-text';
import { MailLinks } from '@lambdas/core/mail/render/mail-links';
import { postFailedMail } from '@lambdas/core/mail/render/kind-mails';

const links = new MailLinks('https://app.example.org', 'https://api.example.org/prod');
const footer = { kindLabel: 'A post failed to publish', unsubscribeUrl: links.unsubscribePage('t'), settingsUrl: links.settings(), zoneNote: 'Times are in UTC.' };

describe('mail rendering', () => {
  it('escapes what a user wrote in the HTML part, and keeps the text part plain', () => {
    const doc = postFailedMail([{ id: 'p1', content: '<script>alert(1)</script> & "quotes"', at: null, error: { code: 'X', message: 'Refused <b>' } }], 0, { links, zone: mailZone('UTC'), footer });
    const { html, text, subject } = renderMail(doc);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('Refused &lt;b&gt;');
    expect(text).toContain('“<script>alert(1)</script> & "quotes"”');
    expect(subject).toBe('A post could not be published');
  });

  it('names a post by its first words, never its whole text', () => {
    expect(firstWords('one two three four five six seven eight nine ten')).toBe('“one two three four five six seven eight…”');
    expect(firstWords('short')).toBe('“short”');
    expect(firstWords('   ')).toBe('(an empty post)');
    expect(firstWords('x'.repeat(200))).toBe(`“${'x'.repeat(60)}…”`);
  });

  it('writes times in the user\'s zone, with its name, and falls back to UTC for an unknown zone', () => {
    expect(formatTime('2027-07-01T07:30:00.000Z', mailZone('Europe/Paris'))).toBe('Thu, 1 Jul 2027, 09:30 CEST');
    expect(mailZone('Mars/Olympus')).toEqual({ timeZone: 'UTC', fallback: true });
    expect(mailZone(null)).toEqual({ timeZone: 'UTC', fallback: true });
  });
});

describe('unsubscribe tokens', () => {
  const tokens = new HmacUnsubscribeTokens('the-app-secret-generated-key');

  it('name the user and the kind, and nothing a token was not made for', () => {
    const token = tokens.issue('user-1', 'weeklySummary');
    expect(tokens.verify(token)).toEqual({ userId: 'user-1', kind: 'weeklySummary' });
    const [user, , signature] = token.split('.');
    expect(tokens.verify(`${user}.postFailed.${signature}`)).toBeUndefined();
    expect(tokens.verify(`${Buffer.from('user-2').toString('base64url')}.weeklySummary.${signature}`)).toBeUndefined();
    expect(new HmacUnsubscribeTokens('another-secret-key-entirely').verify(token)).toBeUndefined();
    expect(tokens.verify('garbage')).toBeUndefined();
    expect(token).toMatch(/^[\w-]+\.weeklySummary\.[\w-]{22}$/);
  });
});

describe('the mail queue', () => {
  it('reads publishing events (EventBridge envelopes) and SES notifications, and refuses anything else', () => {
    expect(parseMailQueueMessage(JSON.stringify({ id: 'e1', source: 'mark0.publishing', 'detail-type': 'post.waiting', detail: { userId: 'u', postId: 'p', scheduledAt: null } }))).toEqual({
      type: 'event',
      id: 'e1',
      event: { type: 'post.waiting', userId: 'u', postId: 'p', scheduledAt: null },
    });
    // A known event with a detail it cannot read fails its record (redelivered, then the DLQ) rather than being dropped.
    expect(() => parseMailQueueMessage(JSON.stringify({ id: 'e2', source: 'mark0.publishing', 'detail-type': 'post.failed', detail: { userId: 'u' } }))).toThrow(/post.failed event with an unexpected detail/);
    expect(parseMailQueueMessage(JSON.stringify({ eventType: 'Complaint', mail: { messageId: 'm' }, complaint: { complainedRecipients: [{ emailAddress: 'a@b.c' }] } })).type).toBe('ses');
    expect(parseMailQueueMessage(JSON.stringify({ id: 'e3', source: 'somewhere.else', 'detail-type': 'x', detail: {} }))).toEqual({ type: 'ignored', reason: 'event from somewhere.else' });
    expect(() => parseMailQueueMessage('not json')).toThrow(/not JSON/);
    expect(() => parseMailQueueMessage(JSON.stringify({ hello: 'world' }))).toThrow(/neither/);
  });
});
