import * as z from 'zod/mini';
import type { PublishingEvent } from '../ports/event-publisher';
import { EVENT_SOURCE } from '../publishing/publishing-rules';

/**
 * What arrives on the mail queue, one message per record: the publishing bus's events (EventBridge delivers
 * its envelope: id, source, detail-type, detail), and SES's notifications for the configuration set (SNS,
 * raw delivery: eventType, mail, bounce / complaint). Anything else is refused, and ends in the DLQ.
 */
export type MailQueueMessage =
  | { type: 'event'; id: string; event: PublishingEvent }
  | { type: 'ses'; notification: SesNotification }
  | { type: 'ignored'; reason: string };

const postError = z.object({ code: z.string(), message: z.string() });
const events = {
  // delaySeconds is optional: events archived before it was added are replayed without it.
  'post.published': z.object({ userId: z.string(), postId: z.string(), scheduledAt: z.nullable(z.string()), publishedAt: z.string(), linkedinUrn: z.string(), delaySeconds: z.optional(z.number()) }),
  'post.failed': z.object({ userId: z.string(), postId: z.string(), scheduledAt: z.nullable(z.string()), error: postError }),
  'post.waiting': z.object({ userId: z.string(), postId: z.string(), scheduledAt: z.nullable(z.string()) }),
  'linkedin.connection_lost': z.object({ userId: z.string(), reason: z.enum(['unauthorized', 'expired']), at: z.string() }),
} as const;

const envelope = z.object({ id: z.string(), source: z.string(), 'detail-type': z.string(), detail: z.unknown() });

const recipients = z.array(z.object({ emailAddress: z.string() }));
const sesNotification = z.object({
  eventType: z.string(),
  mail: z.object({ messageId: z.string(), tags: z.optional(z.record(z.string(), z.array(z.string()))) }),
  bounce: z.optional(z.object({ bounceType: z.string(), bouncedRecipients: recipients })),
  complaint: z.optional(z.object({ complainedRecipients: recipients })),
});
export type SesNotification = z.infer<typeof sesNotification>;

/** The SES message tags every send carries, so notifications find their outbox item. */
export const MAIL_TAGS = { mailId: 'mailId', userId: 'userId', kind: 'kind' } as const;

export function parseMailQueueMessage(body: string): MailQueueMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error('mail queue message is not JSON');
  }
  const asEvent = envelope.safeParse(json);
  if (asEvent.success) {
    const { id, source, 'detail-type': type, detail } = asEvent.data;
    if (source !== EVENT_SOURCE) return { type: 'ignored', reason: `event from ${source}` };
    const schema = events[type as keyof typeof events];
    if (!schema) return { type: 'ignored', reason: `event type ${type}` };
    const parsed = schema.safeParse(detail);
    if (!parsed.success) throw new Error(`${type} event with an unexpected detail: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    return { type: 'event', id, event: { type, ...parsed.data } as PublishingEvent };
  }
  const asSes = sesNotification.safeParse(json);
  if (asSes.success) return { type: 'ses', notification: asSes.data };
  throw new Error('mail queue message is neither a publishing event nor an SES notification');
}
