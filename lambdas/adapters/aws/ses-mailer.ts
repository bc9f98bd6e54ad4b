import { MAIL_TAGS } from '../../core/mail/mail-messages';
import { MailSendError, type Mailer, type OutgoingMail } from '../../core/ports/mailer';
import { AwsApi, AwsApiError, type AwsApiOptions } from './aws-api';

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
 *
 * One SendEmail call (REST-JSON, `POST /v2/email/outbound-emails`) over the small signed client
 * (aws-api.ts) rather than the SDK's SES client (about 60 KiB of the bundle), and tried once: a retry after
 * a lost answer could send the mail twice, so the outbox decides (MailSendError.mayHaveBeenSent).
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly ses: AwsApi,
    private readonly config: SesMailerConfig,
  ) {}

  /** SES v2 in the function's region: endpoint `email.<region>`, signing name `ses`. */
  static api(options: Pick<AwsApiOptions, 'region' | 'credentials' | 'fetch'> = {}): AwsApi {
    const region = options.region ?? process.env['AWS_REGION'] ?? 'us-east-1';
    return new AwsApi({ ...options, service: 'ses', region, endpoint: `https://email.${region}.amazonaws.com`, maxAttempts: 1 });
  }

  async send(mail: OutgoingMail): Promise<{ providerId: string }> {
    const utf8 = (Data: string) => ({ Data, Charset: 'UTF-8' });
    try {
      const result = await this.ses.rest<{ MessageId?: string }>('POST', '/v2/email/outbound-emails', {
        body: {
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
        },
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      return { providerId: result.MessageId ?? 'unknown' };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      const message = `SES ${name}: ${error instanceof Error ? error.message : String(error)}`;
      if (PERMANENT.has(name)) throw new MailSendError(message, true);
      // An answer from SES (throttled, paused, 5xx) means it did not take the mail; no answer means we cannot know.
      throw new MailSendError(message, false, !(error instanceof AwsApiError));
    }
  }
}
