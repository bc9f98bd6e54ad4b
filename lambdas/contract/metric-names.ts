/**
 * Custom metric names (CloudWatch namespace `Mark0`, dimension `service`).
 * Handlers emit them through Powertools Metrics (EMF); the monitoring stack
 * alarms and graphs them by these same constants, so a rename cannot silently
 * orphan an alarm.
 */
export const METRIC_NAMESPACE = 'Mark0';
export const METRIC_SERVICE = 'mark0';

export const METRICS = {
  /**
   * A request refused by a per-user limit: pooled-key throttle or daily quota
   * (http/request-metering.ts, dimension service) and the AI generation quota
   * (ai-telemetry.ts, dimensions service and quota). Graphed as one sum.
   */
  quotaHits: 'QuotaHits',
  /** Users given an API key of their own (against the key budget). */
  apiKeysDedicated: 'ApiKeysDedicated',
  /** Users given their tier's shared key: the key budget (or the account's 10,000 keys) is spent. */
  apiKeysPooled: 'ApiKeysPooled',
  postsPublished: 'PostsPublished',
  postsFailed: 'PostsFailed',
  /** Seconds between a post's scheduledAt and the moment LinkedIn accepted it. */
  publishDelay: 'PublishDelaySeconds',
  /** Due posts the reconciler had to re-drive (a lost schedule or message, or a dead publisher): above 0 for long means trouble. */
  postsRedriven: 'PostsRedriven',
  /** Days before LinkedIn retires the LinkedIn-Version this deployment sends (the daily check; alarmed at 60). */
  linkedinVersionDaysLeft: 'LinkedInVersionDaysLeft',
  aiFailures: 'AiFailures',
  aiBreakerOpen: 'AiBreakerOpen',
  /**
   * Deletion jobs still unfinished an hour after they were asked for (the reconciler's count, sent when above 0): an
   * alarm. Deletions asked for and finished, and exports, are log lines only: each metric is billed by the month.
   */
  accountDeletionsOverdue: 'AccountDeletionsOverdue',
  /** 1 when the scheduled probe found GET /health answering 200 in time, else 0. */
  healthProbeSuccess: 'HealthProbeSuccess',
  /** One per AWS Backup job of the table that completed; a day without one is an alarm. */
  backupJobsCompleted: 'BackupJobsCompleted',
  /** One per backup or cross-region copy job of the table that failed, was aborted or expired. */
  backupJobsFailed: 'BackupJobsFailed',
  /** One per weekly restore test of the latest backup, by outcome. */
  restoreTestsPassed: 'RestoreTestsPassed',
  restoreTestsFailed: 'RestoreTestsFailed',
  /** Mails given up on: refused for good by the provider, or still failing after every retry. */
  mailsFailed: 'MailsFailed',
  /** Sends that failed for now and wait for a retry. */
  mailRetries: 'MailRetries',
  /** Mails due for more than MAIL.backlogAfterMinutes and not sent yet (measured by every sweep, sent when above 0). */
  mailBacklog: 'MailBacklog',
  /** Addresses marked suppressed after a permanent bounce or a complaint. */
  mailsSuppressed: 'MailAddressesSuppressed',
} as const;

export type MetricName = (typeof METRICS)[keyof typeof METRICS];

/**
 * Business events the dashboard counts from the functions' log lines with Logs Insights (the
 * `message` of a Powertools log line): dashboard-only counts sent as custom metrics were billed
 * $0.30 each a month for a graph; a log query costs cents per GB it reads, when someone looks.
 * Alarmed counts stay metrics (above).
 */
export const BUSINESS_EVENTS = {
  signedUp: 'user signed up',
  /** A new sign-in: a new `auth_time` on a verified ID token (a refreshed token is not one). */
  signedIn: 'user signed in',
  /** A user's first request of the UTC day: their count per day is the daily active users. */
  activeToday: 'first request today',
  postScheduled: 'post scheduled',
  /** Holds `generations`, `promptTokens` and `completionTokens`. */
  aiGeneration: 'ai generation',
  mailSent: 'mail sent',
} as const;
