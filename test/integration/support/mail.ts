import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { PublishingEvent } from '@lambdas/core/ports/event-publisher';
import { EVENT_SOURCE } from '@lambdas/core/publishing/publishing-rules';
import type { ReceivedMail, SmtpReceiver } from '../../../bin/runtime/mail-sandbox/smtp-receiver';

/** Mails the receiver got for one address, oldest first. */
export function mailsTo(receiver: SmtpReceiver, address: string): ReceivedMail[] {
  return receiver.mails.filter((mail) => mail.envelope.to.includes(address));
}

/** The one-click URL of a mail's List-Unsubscribe header (`<https://…>`). */
export function oneClickUrl(mail: ReceivedMail): string {
  const header = mail.headers['list-unsubscribe'] ?? '';
  const match = /^<([^>]+)>$/.exec(header);
  expect(match, `List-Unsubscribe: ${header}`).not.toBeNull();
  return match![1]!;
}

/** What a mail client does for RFC 8058: POST `List-Unsubscribe=One-Click`, form-encoded, no cookies, no sign-in. */
export function postOneClick(url: string): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
}

/** An event as EventBridge delivers it to the mail queue (the body of one SQS record). */
export function envelope(event: PublishingEvent, id: string = randomUUID()): string {
  const { type, ...detail } = event;
  return JSON.stringify({ version: '0', id, source: EVENT_SOURCE, 'detail-type': type, time: new Date().toISOString(), detail });
}

/** Each part of a mail holds the text (HTML with its entities decoded). */
export function bothParts(mail: ReceivedMail): { text: string; html: string } {
  const html = typeof mail.parsed.html === 'string' ? mail.parsed.html : '';
  return { text: mail.parsed.text ?? '', html: html.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'") };
}
