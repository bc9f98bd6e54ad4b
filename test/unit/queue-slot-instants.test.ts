import { describe, expect, it } from 'vitest';
import { DEFAULT_SLOTS, slotInstants } from '@contract/api/queue';
import { fromWallTime, slotInstant } from '@contract/zoned-time';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const wall = (year: number, month: number, day: number, hour: number, minute: number) => ({ year, month, day, hour, minute });

describe('slotInstant: a weekly slot on one day', () => {
  it('is the wall time in the zone on ordinary days', () => {
    expect(slotInstant(wall(2026, 12, 1, 9, 0), 'Europe/Paris').toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(slotInstant(wall(2026, 7, 1, 9, 0), 'Europe/Paris').toISOString()).toBe('2026-07-01T07:00:00.000Z');
  });

  it('in a spring-forward gap, is the first valid minute after it (where fromWallTime moves by the gap)', () => {
    expect(slotInstant(wall(2026, 3, 29, 2, 30), 'Europe/Paris').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(fromWallTime(wall(2026, 3, 29, 2, 30), 'Europe/Paris').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(slotInstant(wall(2026, 3, 8, 2, 15), 'America/New_York').toISOString()).toBe('2026-03-08T07:00:00.000Z');
    // Lord Howe moves by 30 minutes.
    expect(slotInstant(wall(2026, 10, 4, 2, 10), 'Australia/Lord_Howe').toISOString()).toBe(fromWallTime(wall(2026, 10, 4, 2, 30), 'Australia/Lord_Howe').toISOString());
  });

  it('in an autumn overlap, is the first occurrence', () => {
    expect(slotInstant(wall(2026, 10, 25, 2, 30), 'Europe/Paris').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(slotInstant(wall(2026, 11, 1, 1, 30), 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });
});

describe('slotInstants: the schedule, soonest first', () => {
  const until = new Date('2027-12-31T00:00:00Z');

  it('walks the week in the zone from a given instant (the default slots, Paris)', () => {
    const from = new Date('2026-11-27T11:00:00Z'); // Friday 12:00 in Paris
    expect(iso(slotInstants(DEFAULT_SLOTS, 'Europe/Paris', from, { limit: 4, until }))).toEqual([
      '2026-11-27T11:15:00.000Z',
      '2026-11-30T07:30:00.000Z',
      '2026-11-30T11:15:00.000Z',
      '2026-12-01T07:30:00.000Z',
    ]);
  });

  it('counts two slots landing on one instant in a gap once', () => {
    const slots = [
      { day: 'sun' as const, time: '02:30' },
      { day: 'sun' as const, time: '03:00' },
    ];
    expect(iso(slotInstants(slots, 'Europe/Paris', new Date('2026-03-28T00:00:00Z'), { limit: 3, until }))).toEqual([
      '2026-03-29T01:00:00.000Z',
      '2026-04-05T00:30:00.000Z',
      '2026-04-05T01:00:00.000Z',
    ]);
  });

  it('stops at `until` and gives nothing for an empty schedule', () => {
    expect(slotInstants([{ day: 'mon', time: '09:00' }], 'UTC', new Date('2026-11-25T00:00:00Z'), { limit: 10, until: new Date('2026-12-08T00:00:00Z') })).toHaveLength(2);
    expect(slotInstants([], 'UTC', new Date('2026-11-25T00:00:00Z'), { limit: 10, until })).toEqual([]);
  });

  it('includes a slot exactly at `from`', () => {
    expect(iso(slotInstants([{ day: 'wed', time: '10:00' }], 'UTC', new Date('2026-11-25T10:00:00Z'), { limit: 1, until }))).toEqual(['2026-11-25T10:00:00.000Z']);
  });
});
