import type { Post } from '../posts/post';
import type { Clock } from '../ports/clock';
import type { PostStore } from '../ports/post-store';
import type { PublishQueue } from '../ports/publish-queue';
import { evergreenMessageFor, publishMessageFor } from './publish-message';
import { PUBLISHING } from './publishing-rules';

export interface ReconcilerDeps {
  posts: PostStore;
  queue: PublishQueue;
  clock: Clock;
}

/**
 * Self-healing for lost messages: every few minutes, re-drive each post that
 * should have been published by now and is not being published: `scheduled`
 * and past due (its schedule or message was lost, or it waits for a retry), or
 * `publishing` with an expired lease (its worker died), or a published evergreen
 * post whose next run is overdue (core/queue/evergreen.ts). Re-driving only puts a
 * message on the queue; the publisher decides (claim, MISSED, duplicates), so a
 * message sent twice does no harm.
 */
export async function reconcile(deps: ReconcilerDeps): Promise<{ examined: number; redriven: Post[] }> {
  const now = deps.clock.now();
  const from = new Date(now.getTime() - PUBLISHING.reconcileWindowHours * 3_600_000).toISOString();
  const due = await deps.posts.listDue({ from, to: now.toISOString() });
  const redriven = due.filter((post) => needsRedrive(post, now));
  for (const post of redriven) await deps.queue.send(post.status === 'published' ? evergreenMessageFor(post) : publishMessageFor(post));
  return { examined: due.length, redriven };
}

export function needsRedrive(post: Post, now: Date): boolean {
  // An evergreen post whose run is overdue and quiet (its schedule's message was lost).
  if (post.status === 'published') {
    if (!post.evergreen) return false;
    return now.getTime() - Math.max(Date.parse(post.evergreen.nextAt), Date.parse(post.updatedAt)) >= PUBLISHING.reconcileGraceSeconds * 1000;
  }
  if (post.status === 'publishing') return !post.leaseUntil || Date.parse(post.leaseUntil) <= now.getTime();
  if (post.status !== 'scheduled' || !post.scheduledAt) return false;
  // Quiet for the grace period since it fell due or was last released: its own message is not just in flight.
  const touched = Math.max(Date.parse(post.scheduledAt), Date.parse(post.updatedAt));
  return now.getTime() - touched >= PUBLISHING.reconcileGraceSeconds * 1000;
}
