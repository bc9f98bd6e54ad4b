import type { Post } from '@lambdas/core/posts/post';

/** A post scheduled for 2026-11-25 09:00 UTC (version 2: created, then scheduled), with `changes` over it. */
export function scheduledPostFixture(changes: Partial<Post> = {}): Post {
  return {
    userId: 'u',
    id: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
    content: 'x',
    status: 'scheduled',
    scheduledAt: '2026-11-25T09:00:00.000Z',
    publishedAt: null,
    linkedinUrn: null,
    error: null,
    createdAt: '2026-11-20T00:00:00.000Z',
    updatedAt: '2026-11-20T00:00:00.000Z',
    version: 2,
    ...changes,
  };
}
