import type { PostStatus } from '@contract/api/posts';
import { displayStatus } from './post-status';

/** A post normally goes out within seconds: one publishing longer than this is said to be still being tried. */
export const STILL_TRYING_AFTER_MS = 90_000;

export const STILL_TRYING_TEXT = 'Still trying to publish: LinkedIn is slow or unreachable; Mark.0 keeps trying and will tell you if it fails.';

type PostTimes = { status: PostStatus; scheduledAt: string | null; updatedAt: string };

/**
 * Since when a post shown as publishing has been so: its last write (the
 * publisher's claim, and each retry or processing check after it, moves
 * `updatedAt`), or, for a scheduled post whose time has come and that no
 * publisher has taken yet, its time.
 */
export function publishingSince(post: PostTimes): string {
  return post.status === 'publishing' ? post.updatedAt : (post.scheduledAt ?? post.updatedAt);
}

/** Whether a post shown as publishing has been so for more than 90 seconds. */
export function isStillTrying(post: PostTimes, now: Date): boolean {
  return displayStatus(post, now) === 'publishing' && now.getTime() - Date.parse(publishingSince(post)) > STILL_TRYING_AFTER_MS;
}
