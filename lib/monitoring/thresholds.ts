/**
 * The numbers behind the alarms, in one place: the monitoring stack builds its
 * alarms from these, the tests hold the template to them, and docs/RUNBOOK.md
 * explains each. Periods are in seconds.
 */
export const THRESHOLDS = {
  /** API 5XX responses as a share of requests, per 5 minutes (the plan's "error rate > 5%"). */
  api5xxRatePercent: 5,
  /** API 4XX responses as a share of requests, per 5 minutes, three windows running: a surge, not the usual 401s and 404s. */
  api4xxRatePercent: 25,
  /** API Gateway p99 latency (the plan's "latency > 2 s"). */
  apiLatencyP99Ms: 2_000,
  /**
   * Below this many requests in 5 minutes the rates and the p99 are not judged:
   * at night, two cold starts or one 500 out of three requests is not an outage.
   * A quiet outage is still caught by the health probe.
   */
  apiMinRequestsPer5Min: 20,
  /** Account-wide concurrent executions as a share of the account limit (the serverless reading of "CPU > 80%"). */
  lambdaConcurrencyShare: 0.8,
  /** Worst p99 of DynamoDB's server-side latency over the operations the app uses (normally single-digit ms). */
  dynamoLatencyP99Ms: 250,
  /** Failed publishes as a share of attempts per 15 minutes, judged from this many attempts up. */
  publishFailureRatePercent: 10,
  publishMinAttempts: 5,
  /** p95 of seconds between a post's scheduled minute and LinkedIn accepting it (Scheduler fires within the minute). */
  publishDelayP95Seconds: 180,
  /** Oldest message waiting in the publish queue: the publisher is not draining it. */
  publishQueueAgeSeconds: 300,
  /** OpenAI calls that failed in 5 minutes (each user-visible as AI_UNAVAILABLE). */
  aiFailuresPer5Min: 5,
  /** A backup job of the table completes every day; this many days without one is an alarm. */
  backupMissingDays: 2,
  /** The restore test runs weekly; a week (CloudWatch's longest alarm window) without a passed one is an alarm. */
  restoreTestOverdueDays: 7,
  /** SES bounce rate (a fraction) that alarms, below the 5% at which AWS reviews the account. */
  mailBounceRate: 0.04,
  /** SES complaint rate (a fraction) that alarms, below the 0.1% at which AWS reviews the account. */
  mailComplaintRate: 0.0008,
} as const;

/**
 * A rough upper bound of what OpenAI charges per million tokens (input and
 * output blended at the dearer output price of a small model), for the
 * dashboard's cost proxy only. Check the provider's price list for the model
 * issue 4 configured; the token count itself is exact.
 */
export const AI_COST_PER_MILLION_TOKENS_USD = 0.6;
