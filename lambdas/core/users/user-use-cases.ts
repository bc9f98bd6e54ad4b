import { withOptimisticRetry } from '../optimistic';
import { DEFAULT_TIER } from '../../contract/tiers';
import type { Clock } from '../ports/clock';
import type { UserStore } from '../ports/user-store';
import type { UserProfile } from './user';
import { AccountDeletedError } from '../errors';
import type { UpdateMeInput } from './user-input';

export interface UserDeps {
  users: UserStore;
  clock: Clock;
}

/** The verified identity, as the authorizer hands it on. */
export interface Identity {
  userId: string;
  email: string;
  /** When the user authenticated (the ID token's `auth_time`, ISO); refreshed tokens keep the original. */
  authTime?: string;
}

/** First verified sign-in creates the account (free tier); later ones find it. */
export function ensureUser(deps: UserDeps, identity: Identity): Promise<{ profile: UserProfile; created: boolean }> {
  return deps.users.createIfAbsent({
    userId: identity.userId,
    email: identity.email,
    tier: DEFAULT_TIER,
    createdAt: deps.clock.now().toISOString(),
    timezone: null,
  });
}

/** Stores the user's planning time zone (validated as IANA); 401 when the account is gone. */
export async function updateMe(deps: UserDeps, userId: string, input: UpdateMeInput): Promise<void> {
  if (!(await withOptimisticRetry(() => deps.users.setTimezone(userId, input.timezone), 'Your profile'))) throw new AccountDeletedError();
}

/** The profile; 401 when there is none: the account was deleted (the authorizer makes it on the first request otherwise). */
export async function getUser(deps: UserDeps, userId: string): Promise<UserProfile> {
  const profile = await deps.users.get(userId);
  if (!profile) throw new AccountDeletedError();
  return profile;
}
