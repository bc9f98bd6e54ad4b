import { createTransport, type Transporter } from 'nodemailer';
import type { SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';
import { MailSendError, type Mailer, type OutgoingMail } from '../../core/ports/mailer';

/** SMTP commands after which a lost connection leaves the outcome unknown (the server may have queued the mail). */
const AFTER_HANDOVER = new Set(['DATA', 'DATA END', 'CONN-END']);

/**
 * Mail over SMTP (nodemailer), for the local runtime: a real server at SMTP_URL, or the sandbox outbox.
 * `smtp://` upgrades with STARTTLS whenever the server offers it; `smtps://` is TLS from the first byte;
 * `user:password@` authenticates. The Message-ID is derived from the outbox id, so a mail sent again after
 * an unknown outcome carries the same Message-ID and receivers can tell it is the same mail.
 * Never used in Lambda (SES there): nodemailer stays out of every function bundle.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
    timeoutMs = 15_000,
  ) {
    const options: SMTPTransportOptions = { url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs };
    this.transport = createTransport(options);
  }

  async send(mail: OutgoingMail): Promise<{ providerId: string }> {
    const messageId = `<${mail.id}.${mail.kind}@${domainOf(this.from)}>`;
    try {
      const info = await this.transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers, messageId });
      return { providerId: (info.messageId as string | undefined) ?? messageId };
    } catch (error) {
      const details = error as { responseCode?: number; command?: string; code?: string; message?: string };
      const message = `SMTP ${details.command ?? details.code ?? 'error'}: ${details.message ?? String(error)}`;
      if (typeof details.responseCode === 'number') throw new MailSendError(message, details.responseCode >= 500);
      throw new MailSendError(message, false, AFTER_HANDOVER.has(details.command ?? ''));
    }
  }

  close(): void {
    this.transport.close();
  }
}

/**
 * The domain of the From address, bare (`a@example.org`) or with a display name (`Mark.0 <a@example.org>`,
 * the local default): the Message-ID's right part, without the name's `>` (a Message-ID ending `>>` is malformed,
 * and receivers then cannot tell a resent mail by it).
 */
function domainOf(from: string): string {
  const address = /<([^<>]*)>\s*$/.exec(from)?.[1] ?? from;
  const domain = address.slice(address.lastIndexOf('@') + 1).trim();
  return address.includes('@') && domain !== '' ? domain : 'mark0.local';
}
