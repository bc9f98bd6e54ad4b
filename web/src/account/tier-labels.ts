import type { Usage } from '../api/mark-api';

/** How the app names each plan (Settings shows yours, Help explains its limits). */
export const TIER_LABELS: Record<Usage['tier'], string> = { free: 'Free', pro: 'Pro', enterprise: 'Enterprise' };
