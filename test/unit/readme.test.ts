import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IP_LIMITS } from '@contract/ip-limits';
import { TIER_NAMES, TIERS } from '@contract/tiers';

const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

/** The cells of the markdown table rows whose first cell is `first`. */
function row(first: string): string[] {
  const line = readme.split('\n').find((l) => l.startsWith(`| ${first} |`));
  if (!line) throw new Error(`README has no table row for "${first}"`);
  return line.split('|').slice(1, -1).map((cell) => cell.trim());
}

describe('README "Tiers and limits"', () => {
  it.each(TIER_NAMES)('states the %s tier exactly as lambdas/contract/tiers.ts does', (tier) => {
    const t = TIERS[tier];
    expect(row(tier)).toEqual([tier, ...[t.rateLimit, t.burstLimit, t.requestsPerDay, t.aiGenerationsPerDay, t.maxScheduledPosts].map(String)]);
  });

  it('states the per-IP limits exactly as lambdas/contract/ip-limits.ts does', () => {
    expect(row('requests without a bearer token (CORS preflights aside)').slice(1)).toEqual([
      String(IP_LIMITS.apiUnauthenticated.limit),
      `${IP_LIMITS.apiUnauthenticated.windowSeconds / 60} minutes`,
    ]);
    expect(row('every request').slice(1)).toEqual([String(IP_LIMITS.apiCeiling.limit), `${IP_LIMITS.apiCeiling.windowSeconds / 60} minutes`]);
  });
});
