import { LINKEDIN_VERSION_WARNING_DAYS, daysUntilRetirement, linkedinVersionRetiresAt } from '../../contract/linkedin-version';

/** What the daily check finds about the LinkedIn-Version this deployment sends. */
export interface LinkedInVersionReport {
  version: string;
  /** When LinkedIn stops answering it (426 NONEXISTENT_VERSION), as an ISO instant. */
  retiresAt: string;
  /** Whole days left; the alarm fires at LINKEDIN_VERSION_WARNING_DAYS or fewer. */
  daysLeft: number;
  /** Time to raise the version (docs/RUNBOOK.md#linkedin-version). */
  raiseNow: boolean;
}

export function checkLinkedInVersion(version: string, now: Date): LinkedInVersionReport {
  const daysLeft = daysUntilRetirement(version, now);
  return { version, retiresAt: linkedinVersionRetiresAt(version).toISOString(), daysLeft, raiseNow: daysLeft <= LINKEDIN_VERSION_WARNING_DAYS };
}
