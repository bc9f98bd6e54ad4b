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
}

export interface PostFailedEvent {
  type: 'post.failed';
  userId: string;
  postId: string;
  scheduledAt: string | null;
  error: PostError;
}

export type PublishingEvent = PostPublishedEvent | PostFailedEvent;

export interface EventPublisher {
  /** Best effort: never throws (the post's state in the table is the record; adapters log what they could not send). */
  publish(event: PublishingEvent): Promise<void>;
}
