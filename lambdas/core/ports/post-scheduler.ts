import type { ScheduledMessage } from '../publishing/publish-message';

/**
 * Delivers a post's publish message to the publish queue at its time
 * (EventBridge Scheduler in AWS, an in-process scheduler locally).
 *
 * A schedule is a hint, the table is the truth: the publisher ignores a message
 * whose post is no longer scheduled for that time, and the reconciler
 * re-drives any due post whose schedule was lost.
 */
export interface PostScheduler {
  /** Idempotent for the same post, kind and time: one schedule per (kind, postId, scheduledAt). */
  schedule(message: ScheduledMessage): Promise<void>;
  /** Best effort (a schedule left behind is harmless); never throws. */
  cancel(message: ScheduledMessage): Promise<void>;
  /**
   * Deletes the schedule, and throws if it could not (one already gone counts
   * as deleted): the deletion of an account must leave no schedule behind, so
   * its job retries rather than moves on.
   */
  remove(message: ScheduledMessage): Promise<void>;
}
