import type { MailKind } from '../../contract/api/notifications';
import type { PostError } from '../../contract/api/posts';

/**
 * What one mail is about. A mail of a kind gathers entries for a while (MAIL.gatherSeconds, and at least
 * an hour after the previous mail of its kind), then goes out as one mail listing them.
 */
export type MailEntry =
  | { type: 'post.failed'; postId: string; scheduledAt: string | null; error: PostError; at: string }
  | { type: 'post.waiting'; postId: string; scheduledAt: string | null; at: string }
  | { type: 'linkedin.connection_lost'; reason: 'unauthorized' | 'expired'; at: string }
  | { type: 'linkedin.expiring'; expiresAt: string; daysBefore: number; at: string }
  | { type: 'weekly'; weekOf: string; at: string };

export function kindOf(entry: MailEntry): MailKind {
  switch (entry.type) {
    case 'post.failed':
      return 'postFailed';
    case 'post.waiting':
    case 'linkedin.connection_lost':
    case 'linkedin.expiring':
      return 'linkedinReconnect';
    case 'weekly':
      return 'weeklySummary';
  }
}

/**
 * collecting → sending → sent | skipped | failed. `sending` is held by one sender at a time (a claim with a
 * lease); `phase: 'calling'` is written just before the provider is called, so a sender that finds it there
 * knows the previous one may have sent the mail (see README "Mail", exactly once).
 */
export type MailStatus = 'collecting' | 'sending' | 'sent' | 'skipped' | 'failed';

export interface OutboxMail {
  userId: string;
  id: string;
  kind: MailKind;
  status: MailStatus;
  /** Up to MAIL.maxListed entries, oldest first. */
  entries: MailEntry[];
  /** Entries gathered, listed or not. */
  total: number;
  /** When the mail may go out (gathering, and the hourly limit). */
  sendAt: string;
  /** When a sender should next look at it: sendAt, a retry's time, or a claim's end. */
  dueAt: string;
  attempts: number;
  /** The claim of the sender holding it (status sending). */
  claimToken?: string;
  phase?: 'claimed' | 'calling';
  createdAt: string;
  updatedAt: string;
  /** The first claim: the hourly limit counts from it while the mail is being sent. */
  claimedAt?: string;
  sentAt?: string;
  /** The provider's id of the sent message (SES MessageId, SMTP Message-ID). */
  providerId?: string;
  /** Why it was skipped or failed, or why the last attempt failed. */
  note?: string;
}
