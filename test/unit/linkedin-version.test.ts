import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LINKEDIN_API_VERSION,
  LINKEDIN_VERSION_WARNING_DAYS,
  daysUntilRetirement,
  isActiveLinkedInVersion,
  isLinkedInVersion,
  linkedinVersionRetiresAt,
} from '@contract/linkedin-version';
import { checkLinkedInVersion } from '@lambdas/core/linkedin/version-check';
import { createLinkedInVersionCheck } from '@lambdas/handlers/linkedin-version-check';
import { linkedinConfig } from '@lambdas/wiring/config';
import { lambdaContext } from '../../bin/runtime/proxy-event';
import { ManualClock } from '../support/manual-clock';

const read = (path: string) => readFileSync(resolve(import.meta.dirname, '../..', path), 'utf8');

describe('the LinkedIn-Version', () => {
  it('is one constant: the code\'s default, and what README and lib/README say', () => {
    expect(linkedinConfig({}, 1_000).version).toBe(LINKEDIN_API_VERSION);
    expect(read('README.md')).toContain(`**LinkedIn-Version** defaults to \`${LINKEDIN_API_VERSION}\``);
    expect(read('lib/README.md')).toContain(`the code's (\`${LINKEDIN_API_VERSION}\`, \`LINKEDIN_API_VERSION\`)`);
  });

  it('retires a year after its release month began', () => {
    expect(linkedinVersionRetiresAt('202607').toISOString()).toBe('2027-07-01T00:00:00.000Z');
    expect(linkedinVersionRetiresAt('202612').toISOString()).toBe('2027-12-01T00:00:00.000Z');
    expect(linkedinVersionRetiresAt('202601.03').toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('is answered by LinkedIn from its release month until it retires, not before and not after', () => {
    expect(isActiveLinkedInVersion('202607', new Date('2026-06-30T23:59:59Z'))).toBe(false);
    expect(isActiveLinkedInVersion('202607', new Date('2026-07-01T00:00:00Z'))).toBe(true);
    expect(isActiveLinkedInVersion('202607', new Date('2027-06-30T23:59:59Z'))).toBe(true);
    expect(isActiveLinkedInVersion('202607', new Date('2027-07-01T00:00:00Z'))).toBe(false);
    expect(isActiveLinkedInVersion('2026-07', new Date('2026-12-01T00:00:00Z'))).toBe(false);
  });

  it('refuses what is not YYYYMM with a real month', () => {
    for (const bad of ['2026-07', '202613', '202600', '20267', 'latest']) expect(isLinkedInVersion(bad), bad).toBe(false);
    expect(() => linkedinConfig({ LINKEDIN_VERSION: '202613' }, 1_000)).toThrow(/YYYYMM/);
  });

  it(`counts whole days left, and says to raise it from ${LINKEDIN_VERSION_WARNING_DAYS} days before`, () => {
    expect(daysUntilRetirement('202607', new Date('2027-06-30T12:00:00Z'))).toBe(0);
    expect(daysUntilRetirement('202607', new Date('2027-07-02T00:00:00Z'))).toBe(-1);
    const at = (days: number) => new Date(Date.parse('2027-07-01T00:00:00Z') - days * 86_400_000);
    expect(checkLinkedInVersion('202607', at(61))).toEqual({ version: '202607', retiresAt: '2027-07-01T00:00:00.000Z', daysLeft: 61, raiseNow: false });
    expect(checkLinkedInVersion('202607', at(60))).toMatchObject({ daysLeft: 60, raiseNow: true });
  });
});

describe('the daily check function', () => {
  it('reports the version, its retirement and the days left (the metric LinkedInVersionDaysLeft)', async () => {
    const check = createLinkedInVersionCheck({ version: '202607', clock: new ManualClock('2026-12-03T06:00:00.000Z') });
    expect(await check({}, lambdaContext('linkedin-version-check', 10_000))).toEqual({ version: '202607', retiresAt: '2027-07-01T00:00:00.000Z', daysLeft: 209, raiseNow: false });
  });
});
