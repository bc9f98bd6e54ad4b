/**
 * How long data the user did not ask us to keep lives before DynamoDB's TTL
 * removes it (the "automatic removal of old data"). Written down in the README.
 */
export const RETENTION_DAYS = {
  /** OAuth `state` values: single use, valid for 10 minutes. */
  oauthStateMinutes: 10,
  /** Daily usage counters: kept long enough to answer "what did I use this month". */
  usageCounters: 35,
  /** Audit events. */
  auditEvents: 365,
  /** Markers of request-count batches recorded from the access log: they only need to outlive a redelivery of their batch. */
  usageBatchMarkers: 2,
  /** Uploaded media never attached to a post (or detached from one): the item by TTL, the object by the bucket's lifecycle. */
  unattachedMedia: 1,
  /** Unfinished multipart uploads in the media bucket (the bucket's lifecycle). */
  unfinishedUploads: 1,
  /** A mail in the outbox (sent, skipped or given up), and the record of a user's open mail of a kind. */
  mailOutbox: 30,
  /** The key of an event or job entry already taken into a mail (no second mail for a redelivered event). */
  mailDedupe: 8,
} as const;

/** Epoch seconds `days` after `now`, the unit DynamoDB TTL reads. */
export function ttlAfterDays(now: Date, days: number): number {
  return Math.floor(now.getTime() / 1000) + Math.round(days * 86_400);
}
