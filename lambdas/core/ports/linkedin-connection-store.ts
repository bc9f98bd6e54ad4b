import type { LinkedInConnection } from '../linkedin/connection';
import type { AuditedWrite } from './audit-log';

export interface LinkedInConnectionStore {
  get(userId: string): Promise<LinkedInConnection | undefined>;
  /** Creates or replaces the user's connection (a reconnect replaces the token), with its audit entry when given, in one write. */
  save(connection: LinkedInConnection, options?: AuditedWrite): Promise<void>;
  /**
   * Marks the connection as needing a reconnect; true only for the call that
   * changed it (false when there is none, or it was marked already), so a lost
   * connection is announced once however many posts find it.
   */
  markNeedsReconnect(userId: string, at: Date): Promise<boolean>;
  /** Erases the connection and its token; returns whether there was one. */
  delete(userId: string): Promise<boolean>;
}
