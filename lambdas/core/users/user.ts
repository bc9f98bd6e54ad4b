
import type { TierName } from '../../contract/tiers';
import type { AssignedApiKey } from '../../contract/usage-plans';
import type { MeView, PostCounts } from '../../contract/api/account';
import type { LinkedInView } from '../../contract/api/account';
import { POST_STATUSES, type PostStatus } from '../../contract/api/posts';

/** The profile attribute counting a user's posts in one status: `draftPosts`, `scheduledPosts`, `failedPosts`… */
export type PostCountAttribute = `${PostStatus}Posts`;

export function postCountAttribute(status: PostStatus): PostCountAttribute {
  return `${status}Posts`;
}

/**
 * A Mark.0 account, created on the first verified sign-in. It also counts the
 * user's posts by status (`<status>Posts`, absent: 0): the post store changes
 * them in the same transaction as every write that creates, deletes or moves a
 * post between statuses, so `GET /v1/me` answers them with the profile read it
 * makes anyway, and `scheduledPosts` holds the tier's cap.
 */
export interface UserProfile extends Partial<Record<PostCountAttribute, number>> {
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
}

/**
 * The user's posts by status. Never below 0: posts written before the counts
 * existed were never counted, so moving one out of its status can take a stored
 * count below zero (README, "Post counts").
 */
export function postCountsOf(user: UserProfile): PostCounts {
  return Object.fromEntries(POST_STATUSES.map((status) => [status, Math.max(0, user[postCountAttribute(status)] ?? 0)])) as PostCounts;
}

export function toMeView(user: UserProfile, linkedin: LinkedInView): MeView {
  return { ...accountFields(user), linkedin };
}

/** Who the user is, as both GET /v1/me and the export show it. */
export function accountFields(user: UserProfile): Omit<MeView, 'linkedin'> {
  return {
    userId: user.userId,
    email: user.email,
    tier: user.tier,
    createdAt: user.createdAt,
    timezone: user.timezone ?? null,
    postCounts: postCountsOf(user),
  };
}
