import type { EventPublisher, PublishingEvent } from '../../core/ports/event-publisher';

/** The local stand-in for the EventBridge bus: one log line per event, and the list (tests read it). */
export class LocalEventPublisher implements EventPublisher {
  readonly published: PublishingEvent[] = [];

  constructor(private readonly log: (line: string) => void) {}

  async publish(event: PublishingEvent): Promise<void> {
    this.published.push(event);
    this.log(`[events] ${event.type} ${describe(event)} (user ${event.userId})`);
  }
}

function describe(event: PublishingEvent): string {
  switch (event.type) {
    case 'post.published':
      return `post ${event.postId} ${event.linkedinUrn}`;
    case 'post.failed':
      return `post ${event.postId} ${event.error.code}: ${event.error.message}`;
    case 'post.waiting':
      return `post ${event.postId} due ${event.scheduledAt ?? 'now'}`;
    case 'linkedin.connection_lost':
      return `LinkedIn ${event.reason}`;
  }
}
