import type { PostStatus } from '../../core/posts/post';

/** Key builders for the single table (layout in lambdas/core/table-definition.ts). */
export const keys = {
  user: (userId: string) => `USER#${userId}`,
  profileSk: 'PROFILE',
  postSk: (postId: string) => `POST#${postId}`,
  postSkPrefix: 'POST#',
  postsByStatus: (userId: string, status: PostStatus) => `USER#${userId}#${status}`,
  usageSk: (day: string) => `USAGE#${day}`,
  /** The user's writing voice for AI drafts (style profile and example posts). */
  voiceSk: 'VOICE',
  auditSk: (at: string, id: string) => `AUDIT#${at}#${id}`,
  auditSkPrefix: 'AUDIT#',
  /** Hour bucket of the sparse due-posts index: DUE#2026-11-25T09. */
  dueBucket: (iso: string) => `DUE#${iso.slice(0, 13)}`,
};

/** Entity type stored on every item, so exports and ad-hoc scans can tell items apart. */
export const ENTITY = {
  user: 'USER',
  post: 'POST',
  usage: 'USAGE',
  audit: 'AUDIT',
  voice: 'VOICE',
} as const;
