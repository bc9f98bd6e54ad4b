import type { PublishMessage } from '../publishing/publish-message';

/**
 * Delivers a post's publish message to the publish queue at its time
 * (EventBridge Scheduler in AWS, an in-process scheduler locally).
 *
 * A schedule is a hint, the table is the truth: the publisher ignores a message
 * whose post is no longer scheduled for that time, and the reconciler
 * re-drives any due post whose schedule was lost.
 */
export interface PostScheduler {
  /** Idempotent for the same post and time: one schedule per (postId, scheduledAt). */
  schedule(message: PublishMessage): Promise<void>;
  /** Best effort (a schedule left behind is harmless); never throws. */
  cancel(message: PublishMessage): Promise<void>;
  /**
   * Deletes the schedule, and throws if it could not (one already gone counts
   * as deleted): the deletion of an account must leave no schedule behind, so
   * its job retries rather than moves on.
   */
  remove(message: PublishMessage): Promise<void>;
}
