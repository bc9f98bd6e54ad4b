import { POST_STATUSES, isEditable, type PostStatus } from '@contract/api/posts';

export { POST_STATUSES, isEditable };

/** A tab of the posts page: one status, or every post. */
export type StatusFilter = PostStatus | 'all';

export const STATUS_LABELS: Record<PostStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  waiting: 'Waiting',
  publishing: 'Publishing',
  published: 'Published',
  failed: 'Failed',
};

export interface StatusTab {
  filter: StatusFilter;
  label: string;
  /** Shown when the tab has no posts. */
  empty: string;
}

/** The tabs, in the order a post moves through them; "All" last as the catch-all (it also holds posts mid-publishing). */
export const STATUS_TABS: readonly StatusTab[] = [
  { filter: 'draft', label: 'Drafts', empty: 'No drafts yet. Write one above — it stays here until you schedule it.' },
  { filter: 'scheduled', label: 'Scheduled', empty: 'Nothing scheduled.' },
  { filter: 'waiting', label: 'Waiting', empty: 'Nothing waiting. Posts due while LinkedIn is not connected wait here, and go out when you reconnect.' },
  { filter: 'published', label: 'Published', empty: 'Nothing published yet.' },
  { filter: 'failed', label: 'Failed', empty: 'No failed posts. Posts that LinkedIn refuses show up here with the reason.' },
  { filter: 'all', label: 'All', empty: 'No posts yet. Write your first one above.' },
];

export const DEFAULT_FILTER: StatusFilter = 'draft';

/** Reads the tab from the address bar (?status=…), so a reload or a shared link opens the same tab. */
export function filterFromSearch(search: string): StatusFilter {
  const value = new URLSearchParams(search).get('status');
  return STATUS_TABS.some((tab) => tab.filter === value) ? (value as StatusFilter) : DEFAULT_FILTER;
}

/**
 * Whether a scheduled post is on its way out: its time has come by this
 * browser's clock, or it was due the moment it was written ("publish now" and
 * Retry answer with the post scheduled for that very second; scheduling is at
 * least a minute ahead). The second test uses the server's times only, so a
 * browser clock running behind cannot make a post just sent out look planned.
 */
export function isDue(post: { status: PostStatus; scheduledAt: string | null; updatedAt: string }, now: Date): boolean {
  if (post.status !== 'scheduled' || post.scheduledAt === null) return false;
  const at = Date.parse(post.scheduledAt);
  return at <= now.getTime() || at <= Date.parse(post.updatedAt);
}

/**
 * The status to show: a scheduled post that is due is on its way out (the
 * publisher picks it up within moments), so it reads as publishing.
 */
export function displayStatus(post: { status: PostStatus; scheduledAt: string | null; updatedAt: string }, now: Date): PostStatus {
  return isDue(post, now) ? 'publishing' : post.status;
}

export function postMatchesFilter(status: PostStatus, filter: StatusFilter): boolean {
  return filter === 'all' || filter === status;
}
