import { randomUUID } from 'node:crypto';
import { EVENT_SOURCE } from '../../core/publishing/publishing-rules';
import type { EventPublisher, PublishingEvent } from '../../core/ports/event-publisher';

/** Receives each event as EventBridge hands it to an SQS target: the JSON envelope (id, source, detail-type, detail). */
export type LocalEventListener = (envelope: string) => Promise<void>;

/**
 * The local stand-in for the EventBridge bus: one log line per event, the list (tests read it), and delivery
 * to the subscribers (the mail function, as the bus's rules deliver to its queue in AWS). Delivery happens
 * after publish returns and its failures are the subscriber's: like PutEvents, publishing never waits for,
 * or fails with, what a consumer does.
 */
export class LocalEventPublisher implements EventPublisher {
  readonly published: PublishingEvent[] = [];
  private readonly listeners: LocalEventListener[] = [];

  constructor(private readonly log: (line: string) => void) {}

  subscribe(listener: LocalEventListener): void {
    this.listeners.push(listener);
  }

  async publish(event: PublishingEvent): Promise<void> {
    this.published.push(event);
    this.log(`[events] ${event.type} ${describe(event)} (user ${event.userId})`);
    if (this.listeners.length === 0) return;
    const { type, ...detail } = event;
    const envelope = JSON.stringify({ version: '0', id: randomUUID(), source: EVENT_SOURCE, 'detail-type': type, time: new Date().toISOString(), detail });
    for (const listener of this.listeners) {
      queueMicrotask(() => {
        listener(envelope).catch((error: unknown) => this.log(`[events] a subscriber failed on ${type}: ${error instanceof Error ? error.message : String(error)}`));
      });
    }
  }
}

function describe(event: PublishingEvent): string {
  switch (event.type) {
    case 'post.published':
      return `post ${event.postId} ${event.linkedinUrn}, ${event.delaySeconds} s after its time`;
    case 'post.failed':
      return `post ${event.postId} ${event.error.code}: ${event.error.message}`;
    case 'post.waiting':
      return `post ${event.postId} due ${event.scheduledAt ?? 'now'}`;
    case 'linkedin.connection_lost':
      return `LinkedIn ${event.reason}`;
  }
}
