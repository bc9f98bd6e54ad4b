import type { MailKind } from '../../contract/api/notifications';

/** One mail, ready to go: both parts, the headers Mark.0 adds, and who it is for. */
export interface OutgoingMail {
  /** The outbox item's id: stable across retries (SMTP: the Message-ID; SES: a message tag). */
  id: string;
  userId: string;
  kind: MailKind;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** List-Unsubscribe and List-Unsubscribe-Post (RFC 8058), plain ASCII. */
  headers: Record<string, string>;
}

/**
 * Sends mail: Amazon SES (v2) in AWS, SMTP on a machine (a real server at SMTP_URL, or the sandbox outbox).
 * Neither offers an idempotency key: the outbox (core/mail) decides when a send may be repeated.
 */
export interface Mailer {
  /** Resolves with the provider's id once the provider accepted the mail; throws MailSendError otherwise. */
  send(mail: OutgoingMail): Promise<{ providerId: string }>;
}

/**
 * The provider did not (knowingly) take the mail. `permanent`: sending it again cannot help (a refused
 * address, a bad message). `mayHaveBeenSent`: the outcome is unknown (a timeout or a connection lost after
 * the message was handed over), so a retry waits for the provider's own confirmation first.
 */
export class MailSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly mayHaveBeenSent = false,
  ) {
    super(message);
    this.name = 'MailSendError';
  }
}
