import { AccountGoneError } from '../errors';
import type { Clock } from '../ports/clock';
import type { PublishingEvent } from '../ports/event-publisher';
import type { MailOutbox, MailSuppressionList } from '../ports/mail-outbox';
import { MAIL_TAGS, type MailQueueMessage, type SesNotification } from './mail-messages';
import type { MailEntry } from './outbox';

export interface IntakeDeps {
  outbox: MailOutbox;
  suppression: MailSuppressionList;
  clock: Clock;
}

export type IntakeResult =
  | { kind: 'collected' | 'duplicate'; userId: string; entry: MailEntry['type'] }
  | { kind: 'confirmed'; mailId: string; known: boolean }
  | { kind: 'suppressed'; count: number; reason: 'bounce' | 'complaint' }
  | { kind: 'ignored'; reason: string };

/**
 * Everything the mail queue brings in: a publishing event becomes an entry of the user's next mail of its
 * kind (a redelivered event, same id, is dropped); SES tells which mails left (Send) and which addresses
 * must get nothing more (a permanent bounce, a complaint).
 */
export async function takeIn(deps: IntakeDeps, message: MailQueueMessage): Promise<IntakeResult> {
  switch (message.type) {
    case 'ignored':
      return { kind: 'ignored', reason: message.reason };
    case 'event': {
      const entry = entryFor(message.event, deps.clock.now());
      if (!entry) return { kind: 'ignored', reason: `${message.event.type} needs no mail` };
      let result;
      try {
        result = await deps.outbox.collect({ userId: message.event.userId, entry, dedupeKey: `event#${message.id}`, now: deps.clock.now() });
      } catch (error) {
        if (error instanceof AccountGoneError) return { kind: 'ignored', reason: 'the account was deleted' };
        throw error;
      }
      return { kind: result === 'added' ? 'collected' : 'duplicate', userId: message.event.userId, entry: entry.type };
    }
    case 'ses':
      return takeInSes(deps, message.notification);
  }
}

function entryFor(event: PublishingEvent, now: Date): MailEntry | undefined {
  switch (event.type) {
    case 'post.published':
      return undefined;
    case 'post.failed':
      return { type: 'post.failed', postId: event.postId, scheduledAt: event.scheduledAt, error: event.error, at: now.toISOString() };
    case 'post.waiting':
      return { type: 'post.waiting', postId: event.postId, scheduledAt: event.scheduledAt, at: now.toISOString() };
    case 'linkedin.connection_lost':
      return { type: 'linkedin.connection_lost', reason: event.reason, at: event.at };
  }
}

async function takeInSes(deps: IntakeDeps, notification: SesNotification): Promise<IntakeResult> {
  const now = deps.clock.now();
  switch (notification.eventType) {
    case 'Send': {
      const tag = (name: string) => notification.mail.tags?.[name]?.[0];
      const mailId = tag(MAIL_TAGS.mailId);
      const userId = tag(MAIL_TAGS.userId);
      if (!mailId || !userId) return { kind: 'ignored', reason: 'a Send event without Mark.0 tags' };
      return { kind: 'confirmed', mailId, known: await deps.outbox.confirmSent(userId, mailId, notification.mail.messageId, now) };
    }
    case 'Bounce': {
      // Transient and undetermined bounces (a full mailbox, a greylisting server) are SES's to retry, not ours to punish.
      if (notification.bounce?.bounceType !== 'Permanent') return { kind: 'ignored', reason: `a ${notification.bounce?.bounceType ?? 'unknown'} bounce` };
      for (const { emailAddress } of notification.bounce.bouncedRecipients) await deps.suppression.suppress(emailAddress, 'bounce', now);
      return { kind: 'suppressed', count: notification.bounce.bouncedRecipients.length, reason: 'bounce' };
    }
    case 'Complaint': {
      const recipients = notification.complaint?.complainedRecipients ?? [];
      for (const { emailAddress } of recipients) await deps.suppression.suppress(emailAddress, 'complaint', now);
      return { kind: 'suppressed', count: recipients.length, reason: 'complaint' };
    }
    default:
      return { kind: 'ignored', reason: `SES ${notification.eventType} event` };
  }
}
