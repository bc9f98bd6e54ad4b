import { expectedOf } from '../ports/post-store';
import { ConflictError } from '../errors';
import { withOptimisticRetry } from '../optimistic';
import { revise, type Evergreen, type Post } from '../posts/post';
import { getPost } from '../posts/post-use-cases';
import { evergreenMessageFor } from '../publishing/publish-message';
import type { QueueDeps } from './queue-use-cases';
import type { EvergreenInput } from './queue-input';

/**
 * An evergreen post's settings (the queue function's PUT and DELETE /v1/posts/{id}/evergreen):
 * apart from its runs (evergreen.ts, the evergreen function's), which need the AI writer, so the
 * queue function carries none of the prompts and checks.
 */
export const DAY_MS = 86_400_000;
/** Marked today on a post published long ago: the first varied draft comes this soon, not at once. */
const FIRST_RUN_MIN_DELAY_MS = 10 * 60_000;

/** Marks a published post evergreen (or changes its gap or approval), and schedules its next varied draft. */
export async function setEvergreen(deps: QueueDeps, userId: string, postId: string, input: EvergreenInput): Promise<Post> {
  return withOptimisticRetry(async () => {
    const now = deps.clock.now();
    const post = await getPost(deps, userId, postId);
    if (post.status !== 'published' || !post.publishedAt) {
      throw new ConflictError('Only a published post can be evergreen: publish it first, then mark it to come back reworded.', 'POST_NOT_PUBLISHED');
    }
    const earliest = Math.max(Date.parse(post.publishedAt) + input.gapDays * DAY_MS, now.getTime() + FIRST_RUN_MIN_DELAY_MS);
    const nextAt = new Date(Math.floor(earliest / 1000) * 1000).toISOString();
    const previous = post.evergreen ?? null;
    const next = revise(post, { evergreen: { gapDays: input.gapDays, approval: input.approval, nextAt: previous && sameGap(previous, input) ? previous.nextAt : nextAt, lastProblem: null } }, now);
    const message = evergreenMessageFor(next);
    await deps.scheduler.schedule(message);
    await deps.posts.update(next, expectedOf(post));
    if (previous && previous.nextAt !== next.evergreen!.nextAt) await deps.scheduler.cancel(evergreenMessageFor(post));
    return next;
  });
}

function sameGap(previous: Evergreen, input: EvergreenInput): boolean {
  return previous.gapDays === input.gapDays;
}

/** Stops a post coming back; drafts already made stay. */
export async function stopEvergreen(deps: QueueDeps, userId: string, postId: string): Promise<Post> {
  const { post, before } = await withOptimisticRetry(async () => {
    const current = await getPost(deps, userId, postId);
    if (!current.evergreen) return { post: current, before: undefined };
    const next = revise(current, { evergreen: null }, deps.clock.now());
    await deps.posts.update(next, expectedOf(current));
    return { post: next, before: current };
  });
  if (before) await deps.scheduler.cancel(evergreenMessageFor(before));
  return post;
}
