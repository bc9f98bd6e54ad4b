import type { TierLimits, TierName } from '../tiers';
import type { MediaView } from './media';
import type { MailKind, MailPreferences } from './notifications';
import type { PostStatus, PostView } from './posts';
import type { Slot } from './queue';

/** How many posts the user has in each status (the Posts page's tabs; the navigation shows `failed`). */
export type PostCounts = Record<PostStatus, number>;

/** `GET /v1/me`'s `linkedin` member: the connection as the account sees it (needsReconnect: LinkedIn refused the token, or it expired). */
export interface LinkedInView {
  connected: boolean;
  needsReconnect: boolean;
  name: string | null;
  pictureUrl: string | null;
  memberUrn: string | null;
  expiresAt: string | null;
}

/** `GET /v1/me`. */
export interface MeView {
  userId: string;
  email: string;
  tier: TierName;
  createdAt: string;
  timezone: string | null;
  linkedin: LinkedInView;
  postCounts: PostCounts;
}

/** `GET /v1/usage`: the tier, its limits, and today's counters (UTC day). */
export interface UsageView {
  tier: TierName;
  limits: Pick<TierLimits, 'rateLimit' | 'burstLimit' | 'requestsPerDay' | 'aiGenerationsPerDay' | 'maxScheduledPosts'>;
  today: { requests: number; aiGenerations: number };
  scheduledPosts: number;
  /** When today's counters start again from zero: the next 00:00 UTC. */
  resetsAt: string;
}

/** `DELETE /v1/me`: the account's email, typed by the user, is the confirmation. */
export interface DeleteAccountInput {
  confirm: string;
}

/** `DELETE /v1/me` → 202: the account is gone for the API at once; the erasure job finishes within minutes. */
export interface AccountDeletionView {
  status: 'deleting';
  requestedAt: string;
  message: string;
}

/** What the confirmation dialog says, and what the API's 202 repeats: Mark.0 cannot reach posts already on LinkedIn. */
export const LINKEDIN_POSTS_STAY =
  'Posts already published on LinkedIn stay there: Mark.0 cannot delete them without a LinkedIn permission it does not ask for. Delete them on LinkedIn if you want them gone.';

/** `GET /v1/me/export`: the document's format, so a reader can tell versions apart. */
export const EXPORT_FORMAT = 'mark0-export/2';

/**
 * `GET /v1/me/export`, one JSON document streamed page by page. Members in this
 * order; `complete: true` is the last one, so a reader can tell a whole document
 * from one cut off (a failure half-way ends the stream without it).
 */
export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  account: ExportedAccount;
  /** The rest, in the order the user's items are stored; a section with nothing in it is null or []. */
  audit: ExportedAuditEvent[];
  linkedin: ExportedLinkedInConnection | null;
  /** Mails Mark.0 wrote to the user (the outbox keeps them for a while): kind, state and what each was about. */
  mails: ExportedMail[];
  /** The e-mail preferences the user set (kinds not set take the defaults). */
  mailPreferences: Partial<MailPreferences> | null;
  /** Uploaded files (images, documents, videos): what Mark.0 knows of each, and a link to each checked file's bytes (valid a day). */
  media: ExportedMedia[];
  posts: PostView[];
  /** The posting times the user saved, per channel (none while the defaults are offered). */
  postingSchedules: ExportedPostingSchedule[];
  /** Which scheduled posts are due at which instant (the queue's own record of the slots taken). */
  queueSlots: ExportedQueueSlot[];
  usage: ExportedUsageDay[];
  voice: ExportedVoice | null;
  /** Items this version does not describe (the mail system's bookkeeping, kinds added later), counted by kind, never copied. */
  other: { kind: string; count: number }[];
  counts: Record<string, number>;
  complete: true;
}

/** The export's `account`: who the user is (as GET /v1/me shows it, the connection apart), and what Mark.0 keeps about their activity. */
export interface ExportedAccount extends Omit<MeView, 'linkedin'> {
  lastActiveDay: string | null;
  lastSignInAt: string | null;
  /** The usage plan the account is metered on (the key itself is not data about the user, and is never shown). */
  usagePlan: string | null;
  /**
   * Whether the address is on the mail suppression list (it bounced for good, or a mail was marked as spam): no mail goes to it.
   * As the authorizer read it with the profile (its cached result: 5 minutes at most before `exportedAt`).
   */
  mailSuppressed: boolean;
}

/** The connection's metadata; the access token (encrypted at rest) is never exported. */
export interface ExportedLinkedInConnection {
  memberUrn: string;
  name: string | null;
  pictureUrl: string | null;
  status: string;
  expiresAt: string;
  connectedAt: string;
  updatedAt: string;
}

export interface ExportedMail {
  id: string;
  kind: MailKind;
  status: string;
  createdAt: string;
  sentAt: string | null;
  /** What the mail was about (failed or waiting posts, a lost connection), as gathered. */
  entries: unknown[];
  total: number;
}

/**
 * A media file as exported: its metadata (type, size, name, what the checks found, the post it is attached to) and,
 * once checked (`ready`), a link to its bytes that works without a sign-in until `downloadUrlExpiresAt` (a day).
 */
export interface ExportedMedia extends Omit<MediaView, 'previewUrl'> {
  downloadUrl: string | null;
  downloadUrlExpiresAt: string | null;
}

export interface ExportedPostingSchedule {
  channel: string;
  slots: Slot[];
  paused: boolean;
  pausedAt: string | null;
  updatedAt: string | null;
}

/** An instant at which scheduled posts are due, and which (the queue's own record of the slots taken). */
export interface ExportedQueueSlot {
  at: string;
  postIds: string[];
}

export interface ExportedUsageDay {
  day: string;
  counters: Record<string, number>;
}

export interface ExportedAuditEvent {
  at: string;
  type: string;
  data: Record<string, string | number | boolean | null>;
}

export interface ExportedVoice {
  styleProfile: string | null;
  examples: string[];
  updatedAt: string | null;
}
