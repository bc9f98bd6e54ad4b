import type { AssignedApiKey, UsagePlanName } from '../../contract/usage-plans';

/** Whose key: a user's own (recorded on the profile), or the shared key of a pooled plan. */
export type KeyHolder = { userId: string } | { pool: UsagePlanName };

export type KeyClaim = { status: 'claimed' } | { status: 'busy' } | { status: 'assigned'; key: AssignedApiKey };

/**
 * Which API key each user (and each pool) meters with, recorded in the table,
 * plus the count of dedicated keys against the key budget. Provisioning is
 * claimed first (a conditional write), so concurrent first requests of a new
 * user create one key, not several.
 */
export interface ApiKeyRegistry {
  /** The recorded key (strongly consistent read). */
  get(holder: KeyHolder): Promise<AssignedApiKey | undefined>;
  /**
   * Claims the right to provision the holder's key until `now + leaseMs`:
   * 'claimed' (go ahead), 'busy' (another live claim: wait for its result), or
   * the key already recorded. An expired claim (its holder crashed) can be taken over.
   */
  claim(holder: KeyHolder, token: string, now: number, leaseMs: number): Promise<KeyClaim>;
  /** Records the key and releases the claim; StaleWriteError if `token` no longer holds it. */
  assign(holder: KeyHolder, token: string, key: AssignedApiKey): Promise<void>;
  /**
   * Takes one dedicated-key slot for the user unless `cap` are taken; true if the
   * user holds one (taking it again is a no-op, so a retried provisioning counts once).
   */
  reserveDedicated(userId: string, cap: number): Promise<boolean>;
  /** Gives the user's slot back (the account refused to create the key after all). */
  releaseDedicated(userId: string): Promise<void>;
  /** Dedicated keys counted against the budget. */
  dedicatedCount(): Promise<number>;
}
