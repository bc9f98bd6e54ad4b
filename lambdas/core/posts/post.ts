import type { PostError, PostStatus, PostView } from '../../contract/api/posts';
import { kindOfMediaId, type PollView, type PostMediaView } from '../../contract/api/media';
import type { EvergreenApproval } from '../../contract/api/posts';
/**
 * The post: what a user writes, schedules and publishes. Pure data and rules;
 * storage and transport live elsewhere.
 *
 * Lifecycle: draft → scheduled → publishing → published, with failed (reason kept,
 * retry allowed), scheduled → draft (unschedule), and waiting (due while its
 * owner had no working LinkedIn connection; core/publishing/waiting.ts). Every
 * transition is a conditional write on the expected status and version (see
 * PostStore.update).
 */
export interface Post {
  userId: string;
  id: string;
  content: string;
  status: PostStatus;
  scheduledAt: string | null;
  publishedAt: string | null;
  linkedinUrn: string | null;
  error: PostError | null;
  createdAt: string;
  updatedAt: string;
  /** Optimistic-locking counter: starts at 1, +1 on every write. */
  version: number;
  /** While `publishing`: the publisher's claim expires at this instant (ISO). */
  leaseUntil?: string | null;
  /** Publishing attempts made so far (bounded retries). */
  attempts?: number;
  /** Attached media, in the order LinkedIn shows them (absent on posts older than media). */
  media?: PostMedia[];
  poll?: Poll | null;
  documentTitle?: string | null;
  /** While publishing: what is happening, in words for the user ("LinkedIn is processing your video"). */
  statusDetail?: string | null;
  /** When the publisher first found LinkedIn still processing this post's video (the 30-minute bound runs from here). */
  processingSince?: string | null;
  /**
   * True once a call to LinkedIn for this text began and no definite refusal
   * came back (a timeout, a lost connection, a 5xx, a publisher that died or
   * lost its lease during the call): LinkedIn may hold the post. The publisher
   * writes it with its claim, before the call, so a crash cannot hide it; only
   * then does LinkedIn's 422 DUPLICATE_POST prove a success
   * (core/publishing/duplicate.ts). A new text starts again without it.
   */
  mayBeOnLinkedIn?: boolean;
  /**
   * The commentary (little text) of the call `mayBeOnLinkedIn` is about, written with it: a later claim
   * sends these very bytes, so LinkedIn's duplicate check still recognises the post should the encoding
   * (contract/little-text.ts) change in between, with a deploy. Cleared with it when the text changes.
   */
  sentCommentary?: string | null;
  /** The queue (channel) whose slot the post took, while it is scheduled from the queue (core/queue); else null/absent. */
  queue?: string | null;
  /** On a published post: it comes back, reworded by AI (core/queue/evergreen.ts). */
  evergreen?: Evergreen | null;
  /** On a reworded draft: the evergreen post it comes from. */
  evergreenOf?: string | null;
}

/** What a published post keeps about coming back reworded (core/queue/evergreen.ts). */
export interface Evergreen {
  gapDays: number;
  approval: EvergreenApproval;
  /** When the next varied draft is made: the schedule's time (its message carries it). */
  nextAt: string;
  lastProblem: string | null;
  /** The id the varied draft of the current run gets, recorded before it is created: a redelivered message makes no second one. */
  pendingDraftId?: string | null;
}

export interface PostMedia {
  id: string;
  altText: string;
}

export type Poll = PollView;

/** Where LinkedIn shows one post: base + URN. Configurable (LINKEDIN_POST_URL_BASE) so sandbox links work. */
export const LINKEDIN_POST_URL_BASE = 'https://www.linkedin.com/feed/update/';

export function linkedinUrlFor(urn: string | null, base: string = LINKEDIN_POST_URL_BASE): string | null {
  return urn ? `${base}${urn}` : null;
}

/** Signs a GET of one attached file (previews, thumbnails); the posts function gets it from its storage adapter. */
export type PreviewSigner = (mediaId: string) => string;

export function toPostView(post: Post, postUrlBase: string = LINKEDIN_POST_URL_BASE, preview?: PreviewSigner): PostView {
  return {
    id: post.id,
    content: post.content,
    status: post.status,
    statusDetail: post.status === 'publishing' ? (post.statusDetail ?? null) : null,
    media: (post.media ?? []).map((m): PostMediaView => ({ id: m.id, kind: kindOfMediaId(m.id)!, altText: m.altText, previewUrl: preview ? preview(m.id) : '' })),
    poll: post.poll ?? null,
    documentTitle: post.documentTitle ?? null,
    scheduledAt: post.scheduledAt ?? null,
    publishedAt: post.publishedAt ?? null,
    linkedinUrn: post.linkedinUrn ?? null,
    linkedinUrl: linkedinUrlFor(post.linkedinUrn ?? null, postUrlBase),
    error: post.error ?? null,
    createdAt: post.createdAt,
    updatedAt: post.updatedAt,
    version: post.version,
    queue: post.status === 'scheduled' || post.status === 'waiting' ? (post.queue ?? null) : null,
    evergreen: post.evergreen ? { gapDays: post.evergreen.gapDays, approval: post.evergreen.approval, nextAt: post.evergreen.nextAt, lastProblem: post.evergreen.lastProblem } : null,
    evergreenOf: post.evergreenOf ?? null,
  };
}

/**
 * The instant a post sorts by inside its status list (newest first): when it is
 * due for scheduled/publishing posts, when it went out for published ones, when
 * it last changed otherwise. The calendar queries ranges of this value.
 */
export function sortTimeOf(post: Post): string {
  switch (post.status) {
    case 'scheduled':
    case 'waiting':
    case 'publishing':
      return post.scheduledAt ?? post.updatedAt;
    case 'published':
      return post.publishedAt ?? post.updatedAt;
    case 'draft':
    case 'failed':
      return post.updatedAt;
  }
}

/** The instant a post holds among its owner's taken instants (core/ports/queue-store.ts): its time while it is scheduled. */
export function heldInstant(post: Pick<Post, 'status' | 'scheduledAt'>): string | null {
  return post.status === 'scheduled' ? post.scheduledAt : null;
}

/** A new draft (version 1) of `userId` with id `id`, written at `now`; `fields` adds content, media, origin. */
export function newDraft(userId: string, id: string, now: Date, fields: Pick<Post, 'content'> & Partial<Pick<Post, 'media' | 'poll' | 'documentTitle' | 'evergreenOf'>>): Post {
  return {
    userId,
    id,
    ...fields,
    status: 'draft',
    scheduledAt: null,
    publishedAt: null,
    linkedinUrn: null,
    error: null,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
  };
}

/** One revision later: same post, new content/fields, version + 1, updatedAt = now. */
export function revise(post: Post, changes: Partial<Omit<Post, 'userId' | 'id' | 'createdAt' | 'version'>>, now: Date): Post {
  return { ...post, ...changes, updatedAt: now.toISOString(), version: post.version + 1 };
}
