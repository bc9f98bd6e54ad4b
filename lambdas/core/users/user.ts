
import type { TierName } from '../../contract/tiers';
import type { AssignedApiKey } from '../../contract/usage-plans';
import type { MeView } from '../../contract/api/account';
import type { LinkedInView } from '../../contract/api/account';

/** A Mark.0 account, created on the first verified sign-in. */
export interface UserProfile {
  userId: string;
  email: string;
  tier: TierName;
  createdAt: string;
  /** IANA time zone the user plans in (e.g. Europe/Paris); null until chosen. */
  timezone: string | null;
  /** UTC day (YYYY-MM-DD) of the user's last request: the daily-active-user mark. Absent on older profiles. */
  lastActiveDay?: string;
  /** `auth_time` (ISO) of the newest sign-in seen. Absent until the first token that carries one. */
  lastSignInAt?: string;
  /** The API key the user meters with (set by the authorizer on the first request); never shown to clients. */
  apiKey?: AssignedApiKey;
  /** Posts in status `scheduled`, kept by the post store in the same transactions as the posts (absent: 0). */
  scheduledPosts?: number;
}

export function toMeView(user: UserProfile, linkedin: LinkedInView): MeView {
  return {
    userId: user.userId,
    email: user.email,
    tier: user.tier,
    createdAt: user.createdAt,
    timezone: user.timezone ?? null,
    linkedin,
  };
}
