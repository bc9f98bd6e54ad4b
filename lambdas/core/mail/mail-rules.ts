import { RETENTION_DAYS } from '../retention';

/**
 * The numbers of the mail system, in one place (README "Mail" explains them).
 * CDK reads the schedule and timeout figures from here too.
 */
export const MAIL = {
  /** A new mail waits this long for more of its kind (a burst of failures becomes one mail). */
  gatherSeconds: 60,
  /** Never more than one mail of a kind to a user within this many minutes. */
  minIntervalMinutes: 60,
  /** Items a mail lists at most (the rest is counted: "and 12 more"). */
  maxListed: 50,
  /** A sender's claim on a mail: another sender may take it over after this. */
  leaseSeconds: 120,
  /**
   * After the provider was called without the outcome being recorded (a crash between send and mark), wait this
   * long for the provider's own confirmation (SES's Send event) before sending again.
   */
  confirmWaitMinutes: 10,
  /** Minutes before each retry of a send that failed for now; past the last one the mail is given up (MailsFailed). */
  retryDelaysMinutes: [1, 5, 15, 60, 180] as readonly number[],
  /** How often the sender looks for due mail (EventBridge rule in AWS, the local ticker on a machine). */
  sweepEveryMinutes: 1,
  /** How far back the sender looks: a mail not sent within this is given up (it would no longer be news). */
  sweepLookBackDays: 2,
  /** A due mail older than this counts in MailBacklog (alarmed). */
  backlogAfterMinutes: 15,
  /** Days the outbox keeps a mail after it was created (TTL), whatever became of it. */
  outboxRetentionDays: RETENTION_DAYS.mailOutbox,
  /** Days an event id is remembered, so a redelivered event never makes a second mail. */
  dedupeDays: RETENTION_DAYS.mailDedupe,
  /** Reminders before a LinkedIn token expires, in days. */
  reminderDaysBefore: [7, 1] as readonly number[],
  /** The daily job (reminders; weekly summaries on weeklySummaryDay) runs at this UTC hour. */
  dailyJobHourUtc: 8,
  /** 1 = Monday (getUTCDay numbering). */
  weeklySummaryDay: 1,
  /** The mail function's timeout; a provider call is abandoned well before it. */
  functionTimeoutSeconds: 60,
  providerTimeoutMs: 15_000,
} as const;

export function minutes(n: number): number {
  return n * 60_000;
}
