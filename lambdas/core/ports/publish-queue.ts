import type { QueueMessage } from '../publishing/publish-message';

/** The queue in front of the publisher (SQS in AWS, an in-process queue locally). */
export interface PublishQueue {
  /** `delaySeconds` (0–900) keeps the message invisible that long. */
  send(message: QueueMessage, options?: { delaySeconds?: number }): Promise<void>;
}
