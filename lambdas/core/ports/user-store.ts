import type { TierName } from '../../contract/tiers';
import type { AssignedApiKey } from '../../contract/usage-plans';
import type { UserProfile } from '../users/user';

export interface UserStore {
  get(userId: string): Promise<UserProfile | undefined>;
  /** Sets the profile's time zone (and the copy the posting schedules keep); false (nothing written) when there is no profile. */
  setTimezone(userId: string, timezone: string): Promise<boolean>;
  /**
   * Creates the profile unless one exists, atomically; returns the stored profile
   * and whether this call created it. Safe under concurrent first requests.
   */
  createIfAbsent(profile: UserProfile): Promise<{ profile: UserProfile; created: boolean }>;
  /**
   * Moves the profile's `lastActiveDay` forward to `day` (YYYY-MM-DD) with one
   * conditional write; true only for the one call that moved it, so concurrent
   * first requests of a day count the user once.
   */
  markActiveOn(userId: string, day: string): Promise<boolean>;
  /** Moves `lastSignInAt` forward to `authTime` (ISO); true only for the call that moved it. */
  markSignedIn(userId: string, authTime: string): Promise<boolean>;
  /**
   * Sets the tier (and the key the user now meters with) if the tier is still
   * `from`; StaleWriteError otherwise, so two operators cannot interleave.
   */
  changeTier(userId: string, change: { from: TierName; to: TierName; apiKey?: AssignedApiKey }): Promise<void>;
}
