import { WAITING_RELEASE_WITHIN_HOURS } from '../../contract/api/posts';

/**
 * The numbers of publishing, in one place (README "Publishing, exactly once"
 * explains each). The CDK app derives the queue's visibility timeout and the
 * DLQ's receive count from them, the local runtime uses them as they are.
 */
export const PUBLISHING = {
  /**
   * How long a publisher's claim on a post lasts. Longer than the publisher's
   * whole run (PUBLISHER_TIMEOUT_SECONDS), so a live worker never loses its post
   * to another; once it expires, the reconciler hands the post to a new worker.
   */
  leaseSeconds: 120,
  /** Claims of one post before it fails with LINKEDIN_UNAVAILABLE (each claim makes up to 1 + inlineRetryDelaysMs.length calls). */
  maxAttempts: 3,
  /** Waits between calls to LinkedIn within one claim (after a 429/5xx/timeout); longer waits are the queue's redelivery. */
  inlineRetryDelaysMs: [1_000, 3_000] as readonly number[],
  /** A Retry-After longer than this is not waited out inside the function: the post is released and redelivered later. */
  maxInlineRetryAfterSeconds: 10,
  /** LinkedIn calls taking longer are abandoned (and retried: a 422 DUPLICATE_POST then proves an earlier success). */
  linkedinTimeoutMs: 10_000,
  /**
   * A post not yet attempted and more than this late is failed as MISSED instead
   * of published: three hours late still reads as "today, about when I planned";
   * later, the user decides (Retry or reschedule).
   */
  missedAfterMinutes: 180,
  /**
   * A post that waited for its owner to reconnect LinkedIn goes out on its own at
   * the reconnect when it is at most this overdue; an older one waits for its
   * owner to choose (publish now or reschedule): a day late, "when I planned" is
   * gone, and a post out of its moment should not appear unasked.
   */
  waitingReleaseWithinHours: WAITING_RELEASE_WITHIN_HOURS,
  /** The reconciler reads due posts back this far (well past missedAfterMinutes, so late posts are failed, not forgotten). */
  reconcileWindowHours: 48,
  /** How often the reconciler runs. */
  reconcileEveryMinutes: 5,
  /** A due post untouched for this long has lost its message: the reconciler re-drives it. */
  reconcileGraceSeconds: 120,
  /** SQS's largest DelaySeconds: a message that arrives early is re-sent with at most this delay. */
  maxQueueDelaySeconds: 900,
} as const;

/** `source` of Mark.0's events on its EventBridge bus (the archive keeps these); `detail-type` is the event type. */
export const EVENT_SOURCE = 'mark0.publishing';

/** The publisher function's timeout: LinkedIn calls and waits of one claim fit well inside, and the lease outlasts it. */
export const PUBLISHER_TIMEOUT_SECONDS = 60;

/** Receives of one queue message before SQS moves it to the DLQ: room for every attempt, plus two unexpected failures. */
export const PUBLISH_MAX_RECEIVES = PUBLISHING.maxAttempts + 2;

export function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}

/** Whole seconds: schedules fire on the second, so due times carry no milliseconds. */
export function toWholeSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
