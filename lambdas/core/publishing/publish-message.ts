import * as z from 'zod/mini';
import { parseInput } from '../validation';
import { POST_ID_PATTERN } from '../posts/post-id';

/**
 * What the schedule puts on the publish queue at a post's time, and what the
 * reconciler and "publish now" enqueue: which post, and for which due time.
 * The publisher acts only if the post is still scheduled for exactly that time,
 * so a message left over from before a reschedule or an unschedule does nothing.
 */
export interface PublishMessage {
  userId: string;
  postId: string;
  /** ISO instant the post was due at when this message was made. */
  scheduledAt: string;
}

export const publishMessageSchema = z.strictObject({
  userId: z.string().check(z.minLength(1), z.maxLength(128)),
  postId: z.string().check(z.regex(POST_ID_PATTERN, 'is not a post id')),
  scheduledAt: z.iso.datetime(),
});

/**
 * What POST /v1/linkedin/complete puts on the publish queue after a reconnect:
 * the user's waiting posts go out now (core/publishing/waiting.ts). On the
 * queue, not done by the request itself: the request stays within its few
 * DynamoDB calls however many posts wait, and a failure is retried by SQS.
 */
export interface ReleaseWaitingMessage {
  kind: 'release-waiting';
  userId: string;
}

/**
 * What an evergreen post's schedule puts on the publish queue when its next
 * reworded draft is due (core/queue/evergreen.ts): the same one-time schedule
 * and queue as publishing, so it is retried, dead-lettered and alarmed alike.
 * `scheduledAt` is the run's time; a message for another time is ignored.
 */
export interface EvergreenMessage {
  kind: 'evergreen';
  userId: string;
  postId: string;
  scheduledAt: string;
}

export const evergreenMessageSchema = z.strictObject({
  kind: z.literal('evergreen'),
  userId: z.string().check(z.minLength(1), z.maxLength(128)),
  postId: z.string().check(z.regex(POST_ID_PATTERN, 'is not a post id')),
  scheduledAt: z.iso.datetime(),
});

/** What a one-time schedule delivers: a post to publish, or an evergreen post's next run. */
export type ScheduledMessage = PublishMessage | EvergreenMessage;

/** Everything the queues carry: the publish queue's messages, and the evergreen queue's (queueOf). */
export type QueueMessage = PublishMessage | ReleaseWaitingMessage | EvergreenMessage;

/**
 * Which queue a message goes to: an evergreen run to the evergreen queue (its own function, the one
 * that asks the AI for a rewrite), everything else to the publish queue (the publisher). Schedules
 * target it, senders send to it, in AWS (the scheduler and SQS adapters) and locally alike.
 */
export function queueOf(message: QueueMessage): 'publish' | 'evergreen' {
  return 'kind' in message && message.kind === 'evergreen' ? 'evergreen' : 'publish';
}

export const releaseWaitingMessageSchema = z.strictObject({
  kind: z.literal('release-waiting'),
  userId: z.string().check(z.minLength(1), z.maxLength(128)),
});

export function releaseWaitingMessage(userId: string): ReleaseWaitingMessage {
  return { kind: 'release-waiting', userId };
}

/** Parses a queue message body; a malformed one is a bug upstream (it ends in the DLQ). */
export function parseQueueMessage(body: string): QueueMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  if (json && typeof json === 'object' && 'kind' in json) {
    if ((json as { kind: unknown }).kind === 'evergreen') return parseInput(evergreenMessageSchema, json, 'evergreen message');
    return parseInput(releaseWaitingMessageSchema, json, 'release message');
  }
  return parseInput(publishMessageSchema, json, 'publish message');
}

export function publishMessageFor(post: { userId: string; id: string; scheduledAt: string | null }): PublishMessage {
  if (!post.scheduledAt) throw new Error(`Post ${post.id} has no scheduledAt`);
  return { userId: post.userId, postId: post.id, scheduledAt: post.scheduledAt };
}

export function evergreenMessageFor(post: { userId: string; id: string; evergreen?: { nextAt: string } | null }): EvergreenMessage {
  if (!post.evergreen) throw new Error(`Post ${post.id} is not evergreen`);
  return { kind: 'evergreen', userId: post.userId, postId: post.id, scheduledAt: post.evergreen.nextAt };
}
