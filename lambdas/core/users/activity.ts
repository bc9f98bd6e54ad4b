import type { Clock } from '../ports/clock';
import type { UserStore } from '../ports/user-store';
import type { UserProfile } from './user';
import type { Identity } from './user-use-cases';

export interface ActivityDeps {
  users: UserStore;
  clock: Clock;
}

export interface Activity {
  /** This is the user's first request of the UTC day: count them once as a daily active user. */
  firstRequestToday: boolean;
  /** The token comes from a sign-in newer than any seen before: record it (audit, metric). */
  newSignIn: boolean;
}

/**
 * Daily active users and sign-ins, detected from what the authorizer already
 * read (the profile) and verified (the token), so the common case costs nothing:
 * a write happens only on a user's first request of a day, and on the first
 * request after a sign-in — each one conditional, so concurrent requests count once.
 *
 * Why from `auth_time` and not a Cognito post-authentication trigger: the same
 * code runs in AWS and locally, nothing can make a sign-in fail (a failing
 * trigger would), and the stateful stack holds no function. Refreshed ID tokens
 * keep the original `auth_time`, so a refresh is not a sign-in.
 */
export async function recordActivity(deps: ActivityDeps, profile: UserProfile, identity: Identity): Promise<Activity> {
  const day = deps.clock.now().toISOString().slice(0, 10);
  const needsDay = profile.lastActiveDay === undefined || profile.lastActiveDay < day;
  const authTime = identity.authTime;
  const needsSignIn = authTime !== undefined && (profile.lastSignInAt === undefined || profile.lastSignInAt < authTime);
  const [firstRequestToday, newSignIn] = await Promise.all([
    needsDay ? deps.users.markActiveOn(profile.userId, day) : false,
    needsSignIn ? deps.users.markSignedIn(profile.userId, authTime) : false,
  ]);
  return { firstRequestToday, newSignIn };
}
