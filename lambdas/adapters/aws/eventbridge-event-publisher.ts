import { EVENT_SOURCE } from '../../core/publishing/publishing-rules';
import type { EventPublisher, PublishingEvent } from '../../core/ports/event-publisher';
import type { AwsApi } from './aws-api';

/**
 * Events on the app's custom EventBridge bus (archived for replay). Delivery is
 * best effort: the post's state in the table is the record; a failed PutEvents
 * is logged rather than failing a publish that has already happened.
 */
export class EventBridgeEventPublisher implements EventPublisher {
  constructor(
    private readonly events: Pick<AwsApi, 'json'>,
    private readonly busName: string,
    private readonly warn: (message: string, details: Record<string, unknown>) => void,
  ) {}

  async publish(event: PublishingEvent): Promise<void> {
    const { type, ...detail } = event;
    try {
      const result = await this.events.json<{ FailedEntryCount?: number; Entries?: { ErrorCode?: string }[] }>('AWSEvents', '1.1', 'PutEvents', {
        Entries: [{ EventBusName: this.busName, Source: EVENT_SOURCE, DetailType: type, Detail: JSON.stringify(detail) }],
      });
      if (result.FailedEntryCount) this.warn('event not accepted', { type, subject: subjectOf(event), error: result.Entries?.[0]?.ErrorCode });
    } catch (error) {
      this.warn('event not sent', { type, subject: subjectOf(event), error: error instanceof Error ? error.name : String(error) });
    }
  }
}

/** What an event is about, for a log line: the post, or the user for account-level events. */
function subjectOf(event: PublishingEvent): string {
  return 'postId' in event ? `post ${event.postId}` : `user ${event.userId}`;
}
