import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { MAIL_TAGS } from '../../core/mail/mail-messages';
import { MailSendError, type Mailer, type OutgoingMail } from '../../core/ports/mailer';

export interface SesMailerConfig {
  /** The From address, at the verified domain identity. */
  from: string;
  /** Every send names it: its event destination reports sends, bounces and complaints. */
  configurationSet: string;
  timeoutMs: number;
}

/** SES refusals that a retry cannot change. */
const PERMANENT = new Set(['MessageRejected', 'MailFromDomainNotVerifiedException', 'NotFoundException', 'BadRequestException', 'AccountSuspendedException']);

/**
 * Amazon SES (API v2), a "simple" message: SES builds the MIME (text and HTML parts, UTF-8) and adds our
 * headers (List-Unsubscribe, List-Unsubscribe-Post). SES replaces any Message-ID we would set, so the mail is
 * tagged with its outbox id instead: the configuration set's Send event carries the tags back, and marks the
 * mail sent even when the sender died before it could (README "Mail", exactly once).
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly config: SesMailerConfig,
  ) {}

  async send(mail: OutgoingMail): Promise<{ providerId: string }> {
    const utf8 = (Data: string) => ({ Data, Charset: 'UTF-8' });
    try {
      const result = await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.config.from,
          Destination: { ToAddresses: [mail.to] },
          ConfigurationSetName: this.config.configurationSet,
          EmailTags: [
            { Name: MAIL_TAGS.mailId, Value: mail.id },
            { Name: MAIL_TAGS.userId, Value: mail.userId },
            { Name: MAIL_TAGS.kind, Value: mail.kind },
          ],
          Content: {
            Simple: {
              Subject: utf8(mail.subject),
              Body: { Text: utf8(mail.text), Html: utf8(mail.html) },
              Headers: Object.entries(mail.headers).map(([Name, Value]) => ({ Name, Value })),
            },
          },
        }),
        { abortSignal: AbortSignal.timeout(this.config.timeoutMs) },
      );
      return { providerId: result.MessageId ?? 'unknown' };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      const message = `SES ${name}: ${error instanceof Error ? error.message : String(error)}`;
      if (PERMANENT.has(name)) throw new MailSendError(message, true);
      // An answer from SES (throttled, paused, 5xx) means it did not take the mail; no answer means we cannot know.
      const answered = typeof (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 'number';
      throw new MailSendError(message, false, !answered);
    }
  }
}
