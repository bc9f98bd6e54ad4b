import type { TierLimits, TierName } from '../tiers';
import type { PostStatus } from './posts';

/** How many posts the user has in each status (the Posts page's tabs; the navigation shows `failed`). */
export type PostCounts = Record<PostStatus, number>;

/** `GET /v1/me`'s `linkedin` member: the connection as the account sees it (needsReconnect: LinkedIn refused the token, or it expired). */
export interface LinkedInView {
  connected: boolean;
  needsReconnect: boolean;
  name: string | null;
  pictureUrl: string | null;
  memberUrn: string | null;
  expiresAt: string | null;
}

/** `GET /v1/me`. */
export interface MeView {
  userId: string;
  email: string;
  tier: TierName;
  createdAt: string;
  timezone: string | null;
  linkedin: LinkedInView;
  postCounts: PostCounts;
}

/** `GET /v1/usage`: the tier, its limits, and today's counters (UTC day). */
export interface UsageView {
  tier: TierName;
  limits: Pick<TierLimits, 'rateLimit' | 'burstLimit' | 'requestsPerDay' | 'aiGenerationsPerDay' | 'maxScheduledPosts'>;
  today: { requests: number; aiGenerations: number };
  scheduledPosts: number;
  /** When today's counters start again from zero: the next 00:00 UTC. */
  resetsAt: string;
}
