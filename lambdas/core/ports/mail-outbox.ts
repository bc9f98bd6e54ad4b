import type { MailKind } from '../../contract/api/notifications';
import type { MailEntry, OutboxMail } from '../mail/outbox';

export interface CollectInput {
  userId: string;
  entry: MailEntry;
  /** Remembered for MAIL.dedupeDays: an entry with a key already seen is dropped (a redelivered event). */
  dedupeKey: string;
  now: Date;
}

export interface Claim {
  mail: OutboxMail;
  /** The previous holder reached the provider and recorded nothing: the mail may have gone out already. */
  mayHaveBeenSent: boolean;
}

/**
 * The outbox: one item per mail, under the user's partition, found by the sender through a sparse index of
 * due times. Every state change is conditional: one sender at a time, one open mail per user and kind.
 */
export interface MailOutbox {
  /**
   * Adds the entry to the user's open mail of its kind, or opens one that may go out at
   * max(now + gathering, the previous mail of that kind + the hourly limit).
   */
  collect(input: CollectInput): Promise<'added' | 'duplicate'>;
  /** Mails with dueAt ≤ now, due since `from` at most (eventually consistent: claim before acting). */
  listDue(now: Date, from: Date): Promise<Pick<OutboxMail, 'userId' | 'id' | 'dueAt'>[]>;
  /**
   * Takes the mail for sending if it is due and no live claim holds it (closing it to new entries);
   * undefined when another sender has it or it is finished.
   */
  claim(userId: string, mailId: string, now: Date, token: string): Promise<Claim | undefined>;
  /** Just before calling the provider: a crash from here on leaves `calling`, seen by the next claim. False if the claim was lost. */
  markCalling(mail: OutboxMail, token: string, now: Date): Promise<boolean>;
  /** Ends the mail (sent, skipped or failed), if the claim still holds. */
  finish(mail: OutboxMail, token: string, outcome: { status: 'sent' | 'skipped' | 'failed'; at: Date; providerId?: string; note?: string }): Promise<void>;
  /**
   * Gives the claim up until `retryAt` (a send that failed for now). `mayHaveBeenSent` keeps the mail `calling`,
   * so the next claim knows the provider may have taken it.
   */
  release(mail: OutboxMail, token: string, retry: { retryAt: Date; note: string; mayHaveBeenSent: boolean; now: Date }): Promise<void>;
  /** The provider confirmed the mail left (SES Send event): a mail still in `sending` is sent. */
  confirmSent(userId: string, mailId: string, providerId: string, at: Date): Promise<boolean>;
}

/** A user's mail preferences and who wants the weekly summary. */
export interface MailPreferenceStore {
  /** The stored preferences, or undefined (the defaults apply). */
  get(userId: string): Promise<Partial<Record<MailKind, boolean>> | undefined>;
  /** Sets the given kinds, keeps the others; AccountGoneError (nothing written) when the user's profile is gone. */
  update(userId: string, changes: Partial<Record<MailKind, boolean>>, now: Date): Promise<void>;
  /** Users who turned the weekly summary on, a page at a time. */
  weeklySubscribers(cursor?: string): Promise<{ userIds: string[]; next?: string }>;
}

/** Addresses nothing may be sent to (a permanent bounce, a complaint). Keyed by the address, which is all SES knows. */
export interface MailSuppressionList {
  isSuppressed(address: string): Promise<boolean>;
  suppress(address: string, reason: 'bounce' | 'complaint', at: Date): Promise<void>;
}

/** LinkedIn connections whose token expires within a range (the daily reminder job). */
export interface ExpiringConnections {
  expiringBetween(from: Date, to: Date): Promise<{ userId: string; expiresAt: string }[]>;
}
