// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { formatDate } from '../time/zoned-time';
import { calendarRange, groupBySlot, moveSlot, shiftAnchor, slotHasPassed, slotInstant, slotKey, slotOf } from './calendar-grid';

const day = (text: string) => {
  const [year, month, d] = text.split('-').map(Number) as [number, number, number];
  return { year, month, day: d };
};

describe('calendarRange', () => {
  it('shows the Monday-to-Sunday week around the anchor and asks for its instants in the zone', () => {
    const range = calendarRange('week', day('2026-03-26'), 'Europe/Paris');
    expect(range.weeks).toHaveLength(1);
    expect(range.weeks[0]!.map(formatDate)).toEqual(['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29']);
    // Monday 00:00 CET to the next Monday 00:00 CEST: a week one hour short, because of the DST change.
    expect(range.from.toISOString()).toBe('2026-03-22T23:00:00.000Z');
    expect(range.to.toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('shows whole weeks covering the month', () => {
    const march = calendarRange('month', day('2026-03-15'), 'America/New_York');
    expect(march.weeks).toHaveLength(6); // 1 March 2026 is a Sunday
    expect(formatDate(march.weeks[0]![0]!)).toBe('2026-02-23');
    expect(formatDate(march.weeks[5]![6]!)).toBe('2026-04-05');
    expect(march.from.toISOString()).toBe('2026-02-23T05:00:00.000Z');
    expect(march.to.toISOString()).toBe('2026-04-06T04:00:00.000Z');
    expect(calendarRange('month', day('2026-02-01'), 'UTC').weeks).toHaveLength(5);
  });

  it('pages by a week or by a month', () => {
    expect(shiftAnchor('week', day('2026-03-26'), 1)).toEqual(day('2026-04-02'));
    expect(shiftAnchor('month', day('2026-12-15'), 1)).toEqual(day('2027-01-01'));
    expect(shiftAnchor('month', day('2026-01-31'), -1)).toEqual(day('2025-12-01'));
  });
});

describe('slot → scheduledAt', () => {
  it('keeps the wall-clock time when a post moves across the Paris DST change (month view)', () => {
    const original = new Date('2026-03-27T08:15:00Z'); // Friday 09:15 CET
    expect(slotOf(original, 'month', 'Europe/Paris')).toEqual({ date: day('2026-03-27') });
    // Monday 09:15 CEST is 07:15 UTC: the instant moves by 3 days minus an hour.
    expect(slotInstant({ date: day('2026-03-30') }, original, 'Europe/Paris').toISOString()).toBe('2026-03-30T07:15:00.000Z');
  });

  it('takes the hour from the slot and keeps the minute in the week view', () => {
    const original = new Date('2026-11-02T14:15:00Z'); // Monday 09:15 EST
    expect(slotOf(original, 'week', 'America/New_York')).toEqual({ date: day('2026-11-02'), hour: 9 });
    expect(slotInstant({ date: day('2026-10-30'), hour: 14 }, original, 'America/New_York').toISOString()).toBe('2026-10-30T18:15:00.000Z'); // 14:15 EDT
  });

  it('drops into the hour the clocks skip as the first real time after it', () => {
    const original = new Date('2026-03-27T08:30:00Z');
    expect(slotInstant({ date: day('2026-03-29'), hour: 2 }, original, 'Europe/Paris').toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
  });
});

describe('slotHasPassed', () => {
  it('counts a slot as passed only after its last minute', () => {
    const now = new Date('2026-03-30T07:30:00Z'); // 09:30 in Paris
    expect(slotHasPassed({ date: day('2026-03-30'), hour: 9 }, now, 'Europe/Paris')).toBe(false);
    expect(slotHasPassed({ date: day('2026-03-30'), hour: 8 }, now, 'Europe/Paris')).toBe(true);
    expect(slotHasPassed({ date: day('2026-03-30') }, now, 'Europe/Paris')).toBe(false);
    expect(slotHasPassed({ date: day('2026-03-29') }, now, 'Europe/Paris')).toBe(true);
  });
});

describe('moveSlot: moving a post with the arrow keys', () => {
  it('moves by a day sideways, by an hour (week) or a week (month) up and down', () => {
    expect(moveSlot({ date: day('2026-03-31') }, 'month', 'ArrowRight')).toEqual({ date: day('2026-04-01') });
    expect(moveSlot({ date: day('2026-03-31') }, 'month', 'ArrowUp')).toEqual({ date: day('2026-03-24') });
    expect(moveSlot({ date: day('2026-03-31'), hour: 9 }, 'week', 'ArrowDown')).toEqual({ date: day('2026-03-31'), hour: 10 });
    expect(moveSlot({ date: day('2026-03-31'), hour: 0 }, 'week', 'ArrowUp')).toEqual({ date: day('2026-03-30'), hour: 23 });
    expect(moveSlot({ date: day('2026-03-31'), hour: 23 }, 'week', 'ArrowDown')).toEqual({ date: day('2026-04-01'), hour: 0 });
    expect(moveSlot({ date: day('2026-03-30'), hour: 9 }, 'week', 'ArrowLeft')).toEqual({ date: day('2026-03-29'), hour: 9 });
  });
});

describe('groupBySlot', () => {
  it('puts posts in the slot of their local time, in time order', () => {
    const posts = [
      { id: 'b', at: '2026-03-29T22:30:00Z' }, // 30 March 00:30 in Paris
      { id: 'a', at: '2026-03-29T21:30:00Z' }, // 29 March 23:30 in Paris
      { id: 'c', at: '2026-03-30T07:00:00Z' },
      { id: 'x', at: null },
    ];
    const groups = groupBySlot(posts, (p) => p.at, 'month', 'Europe/Paris');
    expect([...groups.entries()].map(([key, items]) => [key, items.map((p) => p.id)])).toEqual([
      ['2026-03-29', ['a']],
      ['2026-03-30', ['b', 'c']],
    ]);
    expect(slotKey({ date: day('2026-03-30'), hour: 7 })).toBe('2026-03-30T07');
  });
});
