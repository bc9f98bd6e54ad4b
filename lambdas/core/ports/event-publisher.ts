import type { PostError } from '../../contract/api/posts';

/**
 * Domain events for other consumers (EventBridge custom bus in AWS, a log line
 * locally). Small and free of post content and tokens.
 */
export interface PostPublishedEvent {
  type: 'post.published';
  userId: string;
  postId: string;
  scheduledAt: string | null;
  publishedAt: string;
  linkedinUrn: string;
  /**
   * How late it went out: seconds from `scheduledAt` to `publishedAt` (0 when early or unscheduled),
   * the figure of the PublishDelay metric. Publish now and a reconnect's release make the post due at
   * that moment, so there it is Mark.0's own delay, not the wait before it.
   */
  delaySeconds: number;
}

export interface PostFailedEvent {
  type: 'post.failed';
  userId: string;
  postId: string;
  scheduledAt: string | null;
  error: PostError;
}

/** A post fell due while its owner had no working LinkedIn connection: it waits for them to reconnect. */
export interface PostWaitingEvent {
  type: 'post.waiting';
  userId: string;
  postId: string;
  scheduledAt: string | null;
}

/**
 * Mark.0 can no longer post for this user: LinkedIn refused the token (401) or it expired.
 * Not sent when the user disconnected on purpose.
 */
export interface LinkedInConnectionLostEvent {
  type: 'linkedin.connection_lost';
  userId: string;
  reason: 'unauthorized' | 'expired';
  at: string;
}

export type PublishingEvent = PostPublishedEvent | PostFailedEvent | PostWaitingEvent | LinkedInConnectionLostEvent;

export interface EventPublisher {
  /** Best effort: never throws (the post's state in the table is the record; adapters log what they could not send). */
  publish(event: PublishingEvent): Promise<void>;
}
