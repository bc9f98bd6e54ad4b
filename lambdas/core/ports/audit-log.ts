/**
 * Append-only record of security-relevant events per user (sign-up, sign-in, LinkedIn
 * connect/disconnect, tier change, post published/deleted). Entries expire by
 * TTL after the retention period written in the README.
 */
export const AUDIT_EVENTS = [
  'user.signed_up',
  /** A new sign-in: the first request carrying an ID token with a later `auth_time` than the last one seen. */
  'user.signed_in',
  'linkedin.connected',
  'linkedin.disconnected',
  'linkedin.reconnect_required',
  'tier.changed',
  'post.published',
  'post.deleted',
] as const;
export type AuditEventType = (typeof AUDIT_EVENTS)[number];

export interface AuditEvent {
  type: AuditEventType;
  /** Small, non-secret facts (ids, tiers); never tokens or post content. */
  data?: Record<string, string | number | boolean | null>;
}

export interface AuditLog {
  append(userId: string, event: AuditEvent): Promise<void>;
  /** Newest first. */
  list(userId: string, limit: number): Promise<(AuditEvent & { at: string; id: string })[]>;
}

/**
 * An audit entry another store writes in the same transaction as its own
 * change (at `at`): the entry exists exactly when the change does, and the two
 * cost one database call.
 */
export interface AuditedWrite {
  audit?: { event: AuditEvent; at: Date };
}
