import type { PollView, PostMediaView } from './media';
/**
 * Posts as the API shows them, and the rules the web app applies before it
 * asks (length, which statuses can still be edited). The server enforces the
 * same rules from here (lambdas/core/posts).
 *
 * Lifecycle: draft → scheduled → publishing → published, with failed (reason kept,
 * retry allowed), scheduled → draft (unschedule), and waiting: due while the
 * user had no working LinkedIn connection; it goes out once they reconnect.
 */

export const POST_STATUSES = ['draft', 'scheduled', 'waiting', 'publishing', 'published', 'failed'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

/**
 * A waiting post goes out on its own at the reconnect when it is at most this
 * many hours overdue; an older one waits for its owner to choose (publish now
 * or reschedule). The publisher applies it, the web app says it.
 */
export const WAITING_RELEASE_WITHIN_HOURS = 24;

/** LinkedIn's limit for a post's commentary: a post goes out (scheduled, queued, published) only within it. */
export const MAX_CONTENT_CHARACTERS = 3000;

/**
 * A draft's limit: a draft may run over LinkedIn's while it is written (paste an
 * article, then cut it down), as in Typefully; it is scheduled or published only
 * once it fits MAX_CONTENT_CHARACTERS.
 */
export const MAX_DRAFT_CHARACTERS = 10_000;

export interface PostError {
  /** Machine-readable reason, e.g. LINKEDIN_REJECTED, LINKEDIN_RECONNECT_REQUIRED. */
  code: string;
  /** What the user reads next to the retry button. */
  message: string;
}

/** Evergreen: a published post that comes back, reworded by AI, at most every `gapDays`. */
export const EVERGREEN_APPROVALS = ['auto', 'approve'] as const;
export type EvergreenApproval = (typeof EVERGREEN_APPROVALS)[number];
export const EVERGREEN_GAP_DAYS = { min: 7, max: 365, default: 30 } as const;

export interface EvergreenView {
  gapDays: number;
  /** auto: the varied draft is queued at once; approve: it waits as a draft for the user to queue it. */
  approval: EvergreenApproval;
  /** When the next varied draft is made. */
  nextAt: string;
  /** Why the last attempt made no draft (AI unavailable, no new wording), or null. */
  lastProblem: string | null;
}

/** The JSON shape the API returns for a post (absent values as null, never undefined). */
export interface PostView {
  id: string;
  /** May be empty ("") when the post carries media or a poll. */
  content: string;
  status: PostStatus;
  /** While publishing: what is happening, e.g. "LinkedIn is processing your video"; else null. */
  statusDetail: string | null;
  /** Images (1–20), or one document, or one video, in the order LinkedIn shows them; [] for none. */
  media: PostMediaView[];
  poll: PollView | null;
  /** A document post's title on LinkedIn (the file name when null). */
  documentTitle: string | null;
  scheduledAt: string | null;
  publishedAt: string | null;
  linkedinUrn: string | null;
  linkedinUrl: string | null;
  error: PostError | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /**
   * The queue the post is in (`linkedin`: it took a slot of the posting schedule), or null
   * (scheduled by hand, or not scheduled). Always present in API answers; optional for older fixtures.
   */
  queue?: string | null;
  /** A published post that comes back reworded (contract/api/queue.ts), or null. */
  evergreen?: EvergreenView | null;
  /** The evergreen post this one is a reworded version of, or null. */
  evergreenOf?: string | null;
}

/**
 * A post may be (re)scheduled or published now from these: not while publishing,
 * not once published. A waiting post too: its owner may send it at once, or
 * give it a new time, instead of waiting for the reconnect.
 */
export function isSchedulable(status: PostStatus): boolean {
  return status === 'draft' || status === 'scheduled' || status === 'waiting' || status === 'failed';
}

/** Content may still change until the post is on its way: a draft, scheduled, waiting or failed post. */
export function isEditable(status: PostStatus): boolean {
  return isSchedulable(status);
}

/** Scheduling went through, and the user should know something about it. */
export interface ScheduleWarning {
  /** LINKEDIN_EXPIRES_BEFORE: the LinkedIn connection ends before the post's time (it will wait, unless the user reconnects first). */
  code: 'LINKEDIN_EXPIRES_BEFORE';
  message: string;
}

/** `POST /v1/posts/{id}/schedule`: the scheduled post, with what the user should know about it (often nothing). */
export type ScheduledPostView = PostView & { warnings: ScheduleWarning[] };

export { clipCharacters, countCharacters } from '../characters';
