import type { LinkedInConnection } from '../linkedin/connection';

export interface LinkedInConnectionStore {
  get(userId: string): Promise<LinkedInConnection | undefined>;
  /** Creates or replaces the user's connection (a reconnect replaces the token). */
  save(connection: LinkedInConnection): Promise<void>;
  /**
   * Marks the connection as needing a reconnect; true only for the call that
   * changed it (false when there is none, or it was marked already), so a lost
   * connection is announced once however many posts find it.
   */
  markNeedsReconnect(userId: string, at: Date): Promise<boolean>;
  /** Erases the connection and its token; returns whether there was one. */
  delete(userId: string): Promise<boolean>;
}
