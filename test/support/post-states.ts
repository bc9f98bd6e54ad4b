import type { PostStatus } from '@contract/api/posts';
import { newId } from '@lambdas/core/ids';
import type { Post } from '@lambdas/core/posts/post';

/**
 * A post in `status` with the fields that status carries (a schedule, a lease,
 * LinkedIn's URN, a reason), as the publishing pipeline would have left it.
 */
export function postIn(status: PostStatus, userId: string, at: Date, index: number): Post {
  const iso = (minutes: number) => new Date(at.getTime() + minutes * 60_000).toISOString();
  const base: Post = {
    userId,
    id: newId(new Date(at.getTime() + index)),
    content: `Post ${index} (${status}): what we learned shipping on Fridays.\n\nA second paragraph, with #hashtags and (brackets).`,
    status,
    scheduledAt: null,
    publishedAt: null,
    linkedinUrn: null,
    error: null,
    createdAt: iso(-60),
    updatedAt: iso(-30),
    version: 3,
  };
  switch (status) {
    case 'scheduled':
      return { ...base, scheduledAt: iso(60 + index) };
    case 'waiting':
      return { ...base, scheduledAt: iso(-10) };
    case 'publishing':
      return { ...base, scheduledAt: iso(-1), leaseUntil: iso(1), attempts: 1 };
    case 'published':
      return { ...base, scheduledAt: iso(-20), publishedAt: iso(-20), linkedinUrn: `urn:li:share:74${String(index).padStart(17, '0')}` };
    case 'failed':
      return { ...base, error: { code: 'LINKEDIN_REJECTED', message: 'LinkedIn refused the post: duplicate content.' } };
    case 'draft':
      return base;
  }
}
