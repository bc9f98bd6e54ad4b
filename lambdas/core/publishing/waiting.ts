import { StaleWriteError } from '../errors';
import { connectionProblem, type LinkedInConnection } from '../linkedin/connection';
import { revise, type Post } from '../posts/post';
import type { AuditLog } from '../ports/audit-log';
import type { Clock } from '../ports/clock';
import type { EventPublisher } from '../ports/event-publisher';
import type { LinkedInConnectionStore } from '../ports/linkedin-connection-store';
import { expectedOf, type PostStore } from '../ports/post-store';
import type { PublishQueue } from '../ports/publish-queue';
import { processingOver } from './publish-assets';
import { publishMessageFor } from './publish-message';
import { PUBLISHING, toWholeSecond } from './publishing-rules';

/**
 * Settings promises that posts due while LinkedIn is not connected "wait until
 * you connect again". This is that promise: a post due while its owner has no
 * working connection (disconnected, expired, or LinkedIn answered 401) becomes
 * `waiting` instead of failing, and goes out, once, within a minute of the
 * reconnect; one more than a day overdue waits for its owner to choose
 * (publish now, or a new time) rather than going out a day late unasked.
 *
 * Waiting posts are out of the due index (only `scheduled` and `publishing`
 * posts are in it), so the reconciler never re-drives them; only a reconnect
 * (releaseWaitingPosts) or the user does. They hold no slot of the
 * scheduled-post cap: they are past their time, like a post being published.
 */
export interface WaitingDeps {
  posts: PostStore;
  connections: LinkedInConnectionStore;
  events: EventPublisher;
  audit: AuditLog;
  clock: Clock;
}

/**
 * The post becomes `waiting` (due time kept, attempts back to 0, `changes` over
 * that) and `post.waiting` is announced; undefined if it changed meanwhile.
 */
export async function parkPost(deps: WaitingDeps, post: Post, changes: Partial<Post> = {}): Promise<Post | undefined> {
  // A post parked while LinkedIn processed its video waits afresh: its 30-minute bound restarts after the release.
  const waiting = revise(post, { status: 'waiting', leaseUntil: null, attempts: 0, error: null, ...processingOver(post), ...changes }, deps.clock.now());
  try {
    await deps.posts.update(waiting, expectedOf(post));
  } catch (error) {
    if (error instanceof StaleWriteError) return undefined;
    throw error;
  }
  await deps.events.publish({ type: 'post.waiting', userId: waiting.userId, postId: waiting.id, scheduledAt: waiting.scheduledAt });
  return waiting;
}

/** Every `scheduled` post of the user that is due by now, parked: calling LinkedIn for them would only meet the same 401. */
export async function parkDuePosts(deps: WaitingDeps, userId: string): Promise<Post[]> {
  const parked: Post[] = [];
  const dueBefore = new Date(deps.clock.now().getTime() + 1).toISOString();
  let cursor: string | undefined;
  do {
    const page = await deps.posts.list(userId, { status: 'scheduled', to: dueBefore, limit: 100, ...(cursor ? { cursor } : {}) });
    for (const post of page.items) {
      const waiting = await parkPost(deps, post);
      if (waiting) parked.push(waiting);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return parked;
}

/**
 * Marks the connection as needing a reconnect, and says so (audit) when this
 * call is the one that changed it; the caller then announces
 * `linkedin.connection_lost`, after parking the posts it concerns.
 */
export async function markConnectionLost(deps: WaitingDeps, connection: LinkedInConnection, reason: 'unauthorized' | 'expired'): Promise<boolean> {
  if (connection.status === 'needsReconnect') return false;
  if (!(await deps.connections.markNeedsReconnect(connection.userId, deps.clock.now()))) return false;
  await deps.audit.append(connection.userId, { type: 'linkedin.reconnect_required', data: { memberUrn: connection.memberUrn, reason } });
  return true;
}

export async function announceConnectionLost(deps: WaitingDeps, userId: string, reason: 'unauthorized' | 'expired'): Promise<void> {
  await deps.events.publish({ type: 'linkedin.connection_lost', userId, reason, at: deps.clock.now().toISOString() });
}

/** Whether a waiting post still goes out on its own at a reconnect (not more than a day overdue). */
export function releasableOnReconnect(post: Post, now: Date): boolean {
  return post.scheduledAt !== null && now.getTime() - Date.parse(post.scheduledAt) <= PUBLISHING.waitingReleaseWithinHours * 3_600_000;
}

export interface ReleaseDeps {
  posts: PostStore;
  connections: LinkedInConnectionStore;
  queue: PublishQueue;
  clock: Clock;
}

/**
 * After the user reconnected (POST /v1/linkedin/complete puts a release message
 * on the publish queue): each waiting post at most a day overdue becomes due
 * now, as "publish now" makes it (scheduled this second, a fresh start), and its
 * message goes on the queue; older ones stay waiting for their owner's choice.
 * Due now rather than at its old time: the 3-hour MISSED rule cannot fail it,
 * PublishDelay measures Mark.0's delay rather than the user's, and should the
 * message be lost the reconciler re-drives it like any due post. Each move is
 * conditional, so a second release (a message delivered twice, two reconnects)
 * finds nothing left to move.
 */
export async function releaseWaitingPosts(deps: ReleaseDeps, userId: string): Promise<{ released: Post[]; kept: Post[] }> {
  const now = deps.clock.now();
  const released: Post[] = [];
  const kept: Post[] = [];
  // The connection may have been lost again (or removed) since the reconnect: then they keep waiting.
  if (connectionProblem(await deps.connections.get(userId), now)) return { released, kept };
  let cursor: string | undefined;
  do {
    const page = await deps.posts.list(userId, { status: 'waiting', limit: 100, ...(cursor ? { cursor } : {}) });
    for (const post of page.items) {
      if (!releasableOnReconnect(post, now)) {
        kept.push(post);
        continue;
      }
      const due = revise(post, { status: 'scheduled', scheduledAt: toWholeSecond(now).toISOString(), attempts: 0, leaseUntil: null, error: null }, now);
      try {
        // Without the cap: these posts were already planned and counted; the cap is for new plans.
        await deps.posts.update(due, expectedOf(post));
      } catch (error) {
        if (error instanceof StaleWriteError) continue;
        throw error;
      }
      await deps.queue.send(publishMessageFor(due));
      released.push(due);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { released, kept };
}
