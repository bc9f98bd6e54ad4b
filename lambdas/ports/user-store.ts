import type { UserProfile } from '../core/users/user';

export interface UserStore {
  get(userId: string): Promise<UserProfile | undefined>;
  /**
   * Creates the profile unless one exists, atomically; returns the stored profile
   * and whether this call created it. Safe under concurrent first requests.
   */
  /** Sets the profile's time zone (the profile must exist). */
  setTimezone(userId: string, timezone: string): Promise<void>;
  createIfAbsent(profile: UserProfile): Promise<{ profile: UserProfile; created: boolean }>;
}
