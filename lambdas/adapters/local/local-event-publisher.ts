import type { EventPublisher, PublishingEvent } from '../../core/ports/event-publisher';

/** The local stand-in for the EventBridge bus: one log line per event, and the list (tests read it). */
export class LocalEventPublisher implements EventPublisher {
  readonly published: PublishingEvent[] = [];

  constructor(private readonly log: (line: string) => void) {}

  async publish(event: PublishingEvent): Promise<void> {
    this.published.push(event);
    const detail = event.type === 'post.published' ? event.linkedinUrn : `${event.error.code}: ${event.error.message}`;
    this.log(`[events] ${event.type} post ${event.postId} (user ${event.userId}) ${detail}`);
  }
}
