/**
 * The LinkedIn API version Mark.0 speaks (`LinkedIn-Version: YYYYMM`), written
 * once: the publisher's default (lambdas/wiring/config.ts), the CDK context's
 * default (lib/config.ts), the sandbox LinkedIn's notion of which versions are
 * live, the daily retirement check, and the docs (held to it by
 * test/unit/readme.test.ts) all read it from here.
 *
 * LinkedIn releases a version a month and supports each for at least a year;
 * after that it answers 426 NONEXISTENT_VERSION and every post fails. The daily
 * check (handlers/linkedin-version-check.ts) computes the retirement date and
 * alarms LINKEDIN_VERSION_WARNING_DAYS before it (docs/RUNBOOK.md#linkedin-version).
 */
export const LINKEDIN_API_VERSION = '202607';

/** Months LinkedIn keeps a version after its release month. */
export const LINKEDIN_VERSION_LIFETIME_MONTHS = 12;

/** The operator is warned this many days before the version retires. */
export const LINKEDIN_VERSION_WARNING_DAYS = 60;

/** YYYYMM, optionally with LinkedIn's `.RR` revision. */
const VERSION = /^(\d{4})(\d{2})(?:\.\d{2})?$/;

export function isLinkedInVersion(version: string): boolean {
  const match = VERSION.exec(version);
  return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 12;
}

/** When the version's release month began (00:00 UTC on its first day). */
export function linkedinVersionReleasedAt(version: string): Date {
  const match = VERSION.exec(version);
  if (!match || !isLinkedInVersion(version)) throw new Error(`Not a LinkedIn-Version (YYYYMM): ${version}`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
}

/** When LinkedIn stops answering the version: a year after its release month began. */
export function linkedinVersionRetiresAt(version: string): Date {
  const released = linkedinVersionReleasedAt(version);
  return new Date(Date.UTC(released.getUTCFullYear(), released.getUTCMonth() + LINKEDIN_VERSION_LIFETIME_MONTHS, 1));
}

/** Whether LinkedIn answers the version at `now`: released, and not retired. */
export function isActiveLinkedInVersion(version: string, now: Date): boolean {
  if (!isLinkedInVersion(version)) return false;
  return linkedinVersionReleasedAt(version).getTime() <= now.getTime() && now.getTime() < linkedinVersionRetiresAt(version).getTime();
}

/** Whole days left before the version retires (0 on its last day, negative once retired). */
export function daysUntilRetirement(version: string, now: Date): number {
  return Math.floor((linkedinVersionRetiresAt(version).getTime() - now.getTime()) / 86_400_000);
}
