import type { PostStatus } from '../../contract/api/posts';

/** Key builders for the single table (layout in lambdas/contract/table-definition.ts). */
export const keys = {
  user: (userId: string) => `USER#${userId}`,
  profileSk: 'PROFILE',
  postSk: (postId: string) => `POST#${postId}`,
  postSkPrefix: 'POST#',
  /** An uploaded file, under its owner's partition (account export and deletion find it there). */
  mediaSk: (mediaId: string) => `MEDIA#${mediaId}`,
  mediaSkPrefix: 'MEDIA#',
  postsByStatus: (userId: string, status: PostStatus) => `USER#${userId}#${status}`,
  usageSk: (day: string) => `USAGE#${day}`,
  /** The user's writing voice for AI drafts (style profile and example posts). */
  voiceSk: 'VOICE',
  auditSk: (at: string, id: string) => `AUDIT#${at}#${id}`,
  auditSkPrefix: 'AUDIT#',
  /** Hour bucket of the sparse due-posts index: DUE#2026-11-25T09. */
  dueBucket: (iso: string) => `DUE#${iso.slice(0, 13)}`,
  linkedinSk: 'LINKEDIN',
  oauthState: (state: string) => `OAUTH#${state}`,
  oauthStateSk: 'STATE',
  /** GSI1 partition of a user's OAuth states, so the deletion of their account finds them (they live outside USER#<uid>). */
  oauthStatesOf: (userId: string) => `OAUTH_STATES#USER#${userId}`,
  /** The record of an account's deletion: the job while it runs, the answer to "did you delete my data?" after. */
  accountDeletion: (userId: string) => `ACCOUNT_DELETION#${userId}`,
  accountDeletionSk: 'RECORD',
  /** GSI1 partition of deletion jobs not finished yet (sparse: removed when a job finishes); GSI1SK `<requestedAt>#<uid>`. */
  unfinishedDeletions: 'ACCOUNT_DELETIONS#UNFINISHED',
  /** GSI1 partition of finished deletions by keyed hash of the email (the operator's lookup); GSI1SK `<completedAt>#<uid>`. */
  deletionsByEmail: (emailHash: string) => `ACCOUNT_DELETIONS#EMAIL#${emailHash}`,
  /** The shared API key of a pooled usage plan (one item per plan). */
  apiKeyPool: 'APIKEY_POOL',
  apiKeyPoolSk: (plan: string) => `PLAN#${plan}`,
  /** A batch of request counts recorded from the access log (one item per batch and chunk; TTL). */
  usageBatch: (batchId: string, chunk: number) => `USAGE_BATCH#${batchId}#${chunk}`,
  usageBatchSk: 'MARKER',
  /** The count of dedicated API keys against the key budget (one item). */
  apiKeyBudget: 'APIKEY_BUDGET',
  apiKeyBudgetSk: 'DEDICATED',
  /** A mail in the outbox, under its user. */
  mailSk: (mailId: string) => `MAIL#${mailId}`,
  /** The user's open mail of a kind (one at a time). */
  mailKindSk: (kind: string) => `MAILKIND#${kind}`,
  /** An entry key already taken into a mail (redelivered events, re-run jobs). */
  mailKeySk: (key: string) => `MAILKEY#${key}`,
  mailPrefsSk: 'MAILPREFS',
  /** Day bucket of the sparse index of mails to look at: MAILDUE#2026-11-25. */
  mailDueBucket: (iso: string) => `MAILDUE#${iso.slice(0, 10)}`,
  /** Sparse index partition of users who want the weekly summary. */
  mailWeekly: 'MAILWEEKLY',
  /** An address nothing may be sent to, by its SHA-256 (all SES tells about a bounce is the address). */
  mailSuppression: (addressHash: string) => `MAILTO#${addressHash}`,
  mailSuppressionSk: 'SUPPRESSED',
  /** A posting schedule (slots, paused) of one channel (the queue: core/queue). */
  scheduleSk: (channel: string) => `SCHEDULE#${channel}`,
  /**
   * The schedule's place in the queue's index partition (GSI1 `USER#<uid>#scheduled`): before every
   * scheduled post (their GSI1SK starts with the ISO year), so one Query from the start of the
   * partition reads the schedule, its zone and the posts in time order (core/queue, GET /v1/queue).
   */
  scheduleIndexSk: (channel: string) => `#SCHEDULE#${channel}`,
  /** Lowest GSI1SK of a post (`<sortTime>#<postId>`, an ISO instant first): status lists start here, after the schedule's copy. */
  postIndexFloor: '0',
  /** The instants the user's scheduled posts are due at, with their ids (core/ports/queue-store.ts TakenInstants; the post store keeps it). */
  takenSk: 'TAKEN',
  /** Day bucket of the sparse index of LinkedIn connections by expiry: LIEXPIRY#2026-11-25. */
  linkedinExpiryBucket: (iso: string) => `LIEXPIRY#${iso.slice(0, 10)}`,
};

/** Attributes of the profile item (and of pool items) the API key registry keeps. */
export const PROFILE_KEY_ATTRIBUTES = {
  /** The assigned key: {id, value, plan}. */
  key: 'apiKey',
  /** A provisioning claim in progress: {token, expiresAt (epoch ms)}. */
  claim: 'apiKeyClaim',
  /** true once the user holds one of the budget's dedicated-key slots. */
  slot: 'apiKeySlot',
} as const;

/** Attributes of the daily usage item that are not counters. */
export const USAGE_STATE_ATTRIBUTES = {
  /** Token-bucket state of users on pooled keys (theoretical arrival time, epoch ms; core/token-bucket.ts). */
  bucket: 'rateTat',
} as const;

/** Entity type stored on every item, so exports and ad-hoc scans can tell items apart. */
export const ENTITY = {
  user: 'USER',
  post: 'POST',
  media: 'MEDIA',
  usage: 'USAGE',
  audit: 'AUDIT',
  linkedin: 'LINKEDIN',
  oauthState: 'OAUTH_STATE',
  apiKeyPool: 'APIKEY_POOL',
  apiKeyBudget: 'APIKEY_BUDGET',
  voice: 'VOICE',
  usageBatch: 'USAGE_BATCH',
  accountDeletion: 'ACCOUNT_DELETION',
  mail: 'MAIL',
  mailKind: 'MAIL_KIND',
  mailKey: 'MAIL_KEY',
  mailPrefs: 'MAIL_PREFS',
  mailSuppression: 'MAIL_SUPPRESSION',
  schedule: 'SCHEDULE',
  taken: 'TAKEN_INSTANTS',
} as const;

/** Attributes of the taken-instants item that are not instants (those are `@<ISO instant>`: a string set of post ids). */
export const TAKEN_ATTRIBUTES = {
  /** true once every scheduled post is in the item (made so with the profile, or built once from the posts). */
  complete: 'complete',
  /** Moves with every change. */
  revision: 'revision',
  /** Prefix of an instant's attribute name. */
  instantPrefix: '@',
} as const;
