import type { EventPublisher, PublishingEvent } from '@lambdas/core/ports/event-publisher';
import type { PublishQueue } from '@lambdas/core/ports/publish-queue';
import type { QueueMessage } from '@lambdas/core/publishing/publish-message';

/** Keeps every event instead of putting it on a bus; never throws (the port's promise). */
export class RecordingEventPublisher implements EventPublisher {
  readonly events: PublishingEvent[] = [];

  async publish(event: PublishingEvent): Promise<void> {
    this.events.push(structuredClone(event));
  }
}

/** Keeps every message sent to the publish queue, with the delay asked for (SQS would clamp it to 0–900), instead of delivering it. */
export class RecordingPublishQueue implements PublishQueue {
  readonly sent: { message: QueueMessage; delaySeconds: number }[] = [];

  async send(message: QueueMessage, options: { delaySeconds?: number } = {}): Promise<void> {
    this.sent.push({ message: { ...message }, delaySeconds: options.delaySeconds ?? 0 });
  }
}
