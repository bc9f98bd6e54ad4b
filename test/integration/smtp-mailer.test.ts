import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpMailer } from '@lambdas/adapters/smtp/smtp-mailer';
import type { OutgoingMail } from '@lambdas/core/ports/mailer';
import { LOCAL_MAIL_FROM } from '../../bin/runtime/local-mail';
import { SmtpReceiver } from '../../bin/runtime/mail-sandbox/smtp-receiver';

/**
 * The SMTP adapter's Message-ID, as a real SMTP server receives it: derived from the outbox id, so a mail
 * sent again after an unknown outcome carries the same one (core/mail/send-mail.ts), and well formed
 * (RFC 5322 `<left@right>`) whatever the From looks like, or receivers cannot match the copy by it.
 */
const receiver = new SmtpReceiver();
beforeAll(() => receiver.start());
afterAll(() => receiver.stop());

const mail = (id: string): OutgoingMail => ({ id, userId: 'u', kind: 'postFailed', to: 'ada@example.com', subject: 'A post could not be published', text: 'text', html: '<p>html</p>', headers: {} });

async function messageIdOf(from: string, id: string): Promise<{ header: string | undefined; providerId: string }> {
  const mailer = new SmtpMailer(receiver.url, from, 5_000);
  try {
    const { providerId } = await mailer.send(mail(id));
    return { header: receiver.mails.find((m) => m.raw.includes(id))?.headers['message-id'], providerId };
  } finally {
    mailer.close();
  }
}

describe('SmtpMailer Message-ID', () => {
  it('is <outbox id.kind@domain> with the default From, a display name and its address in angle brackets', async () => {
    expect(LOCAL_MAIL_FROM).toMatch(/^[^<]+ <[^>]+@[^>]+>$/);
    const { header, providerId } = await messageIdOf(LOCAL_MAIL_FROM, '01TESTDEFAULTFROM0000000000');
    expect(header).toBe('<01TESTDEFAULTFROM0000000000.postFailed@mark0.localhost>');
    expect(providerId).toBe(header);
  });

  it('is the same with a bare From address, and with a quoted display name holding an @', async () => {
    expect((await messageIdOf('notifications@example.org', '01TESTBAREFROM0000000000000')).header).toBe('<01TESTBAREFROM0000000000000.postFailed@example.org>');
    expect((await messageIdOf('"Ops @ Mark.0" <notifications@example.org>', '01TESTQUOTEDFROM00000000000')).header).toBe('<01TESTQUOTEDFROM00000000000.postFailed@example.org>');
  });
});
