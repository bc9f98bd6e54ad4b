import { describe, expect, it } from 'vitest';
import { currentZoneName, zoneChoices, zoneMatches } from './zone-names';

describe('zone names', () => {
  it('offers the current IANA names, not the old ones ICU lists', () => {
    const zones = zoneChoices();
    for (const current of ['Asia/Kolkata', 'Europe/Kyiv', 'Asia/Ho_Chi_Minh', 'America/Nuuk', 'Asia/Kathmandu', 'Asia/Yangon', 'Atlantic/Faroe', 'Pacific/Pohnpei', 'Pacific/Chuuk', 'UTC', 'Europe/Paris']) {
      expect(zones).toContain(current);
    }
    for (const old of ['Asia/Calcutta', 'Europe/Kiev', 'Asia/Saigon', 'America/Godthab', 'Asia/Katmandu', 'Asia/Rangoon', 'Atlantic/Faeroe', 'Pacific/Ponape', 'Pacific/Truk']) {
      expect(zones).not.toContain(old);
    }
    expect(new Set(zones).size).toBe(zones.length);
  });

  it('gives an old name its current one, and leaves other names alone', () => {
    expect(currentZoneName('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(currentZoneName('Asia/Rangoon')).toBe('Asia/Yangon');
    expect(currentZoneName('Europe/Paris')).toBe('Europe/Paris');
    expect(zoneChoices(['Europe/Kiev'])).not.toContain('Europe/Kiev');
  });

  it('finds a zone by its city, current or old, in any case, with spaces for underscores', () => {
    expect(zoneChoices().filter((zone) => zoneMatches(zone, 'kolkata'))).toEqual(['Asia/Kolkata']);
    expect(zoneChoices().filter((zone) => zoneMatches(zone, 'Calcutta'))).toEqual(['Asia/Kolkata']);
    expect(zoneChoices().filter((zone) => zoneMatches(zone, 'Kyiv'))).toEqual(['Europe/Kyiv']);
    expect(zoneChoices().filter((zone) => zoneMatches(zone, 'ho chi'))).toEqual(['Asia/Ho_Chi_Minh']);
  });

  it('names only zones the API takes (it checks with Intl, as Node knows them)', () => {
    for (const zone of zoneChoices()) expect(() => new Intl.DateTimeFormat('en-US', { timeZone: zone })).not.toThrow();
  });
});
