// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { defaultScheduleInputs, readScheduleChoice } from './schedule-time';
import { addDays, fromWallTime, isoWeekday, isValidTimeZone, offsetMinutes, parseDate, parseTime, toIsoWithOffset, toWallTime } from './zoned-time';

const at = (iso: string) => new Date(iso);
const wall = (text: string) => {
  const [date, time] = text.split(' ') as [string, string];
  return { ...parseDate(date)!, ...parseTime(time)! };
};

describe('fromWallTime: a wall time in a zone to an instant', () => {
  it('uses winter and summer offsets on either side of Europe/Paris spring change (29 March 2026)', () => {
    expect(fromWallTime(wall('2026-03-28 09:00'), 'Europe/Paris').toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(fromWallTime(wall('2026-03-29 01:59'), 'Europe/Paris').toISOString()).toBe('2026-03-29T00:59:00.000Z');
    expect(fromWallTime(wall('2026-03-29 03:00'), 'Europe/Paris').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(fromWallTime(wall('2026-03-30 09:00'), 'Europe/Paris').toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });

  it('moves a Paris time in the spring gap forward by the gap (02:30 → 03:30 CEST)', () => {
    const instant = fromWallTime(wall('2026-03-29 02:30'), 'Europe/Paris');
    expect(instant.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(toWallTime(instant, 'Europe/Paris')).toMatchObject({ hour: 3, minute: 30 });
  });

  it('takes the first of the two Paris 02:30s on the autumn change (25 October 2026)', () => {
    expect(fromWallTime(wall('2026-10-25 02:30'), 'Europe/Paris').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(fromWallTime(wall('2026-10-25 03:30'), 'Europe/Paris').toISOString()).toBe('2026-10-25T02:30:00.000Z');
    expect(fromWallTime(wall('2026-10-26 09:00'), 'Europe/Paris').toISOString()).toBe('2026-10-26T08:00:00.000Z');
  });

  it('handles America/New_York: gap on 8 March 2026, overlap on 1 November 2026', () => {
    expect(fromWallTime(wall('2026-03-08 01:59'), 'America/New_York').toISOString()).toBe('2026-03-08T06:59:00.000Z');
    expect(fromWallTime(wall('2026-03-08 02:30'), 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(fromWallTime(wall('2026-03-08 03:00'), 'America/New_York').toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(fromWallTime(wall('2026-11-01 01:30'), 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(fromWallTime(wall('2026-11-01 02:30'), 'America/New_York').toISOString()).toBe('2026-11-01T07:30:00.000Z');
  });

  it('round-trips every hour of the DST months of 2026 in Paris and New York, except the repeated autumn hour', () => {
    const hours = (month: number) => Array.from({ length: 31 * 24 }, (_, i) => Date.UTC(2026, month, 1) + i * 3_600_000);
    for (const zone of ['Europe/Paris', 'America/New_York']) {
      for (const t of [...hours(2), ...hours(9), ...hours(10)]) {
        const instant = new Date(t);
        const back = fromWallTime(toWallTime(instant, zone), zone);
        // The second occurrence of a repeated hour maps to the first by design: exactly one hour earlier.
        expect([0, 3_600_000]).toContain(t - back.getTime());
        if (t !== back.getTime()) expect(offsetMinutes(back, zone) - offsetMinutes(instant, zone)).toBe(60);
      }
    }
  });
});

describe('toIsoWithOffset', () => {
  it("writes the instant with the zone's offset at that moment", () => {
    expect(toIsoWithOffset(at('2026-07-01T07:00:00Z'), 'Europe/Paris')).toBe('2026-07-01T09:00:00+02:00');
    expect(toIsoWithOffset(at('2026-01-15T14:00:00Z'), 'America/New_York')).toBe('2026-01-15T09:00:00-05:00');
    expect(toIsoWithOffset(at('2026-01-15T14:00:00Z'), 'Asia/Kolkata')).toBe('2026-01-15T19:30:00+05:30');
    expect(toIsoWithOffset(at('2026-01-15T14:00:00Z'), 'UTC')).toBe('2026-01-15T14:00:00+00:00');
  });

  it('names the same instant as the UTC form', () => {
    const instant = at('2026-03-29T01:30:00Z');
    expect(new Date(toIsoWithOffset(instant, 'Europe/Paris')).getTime()).toBe(instant.getTime());
  });
});

describe('calendar arithmetic', () => {
  it('adds days across months and years, and numbers ISO weekdays from Monday', () => {
    expect(addDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({ year: 2027, month: 1, day: 1 });
    expect(addDays({ year: 2026, month: 3, day: 1 }, -1)).toEqual({ year: 2026, month: 2, day: 28 });
    expect(isoWeekday({ year: 2026, month: 3, day: 30 })).toBe(0); // a Monday
    expect(isoWeekday({ year: 2026, month: 3, day: 29 })).toBe(6); // a Sunday
  });

  it('parses only real dates and 24-hour times', () => {
    expect(parseDate('2026-02-30')).toBeUndefined();
    expect(parseDate('2026-2-3')).toBeUndefined();
    expect(parseTime('24:00')).toBeUndefined();
    expect(parseTime('09:05')).toEqual({ hour: 9, minute: 5 });
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('readScheduleChoice: the picker to the API', () => {
  const now = at('2026-03-28T10:00:00Z');

  it('turns the picked wall time into ISO with the offset of that day, across the DST change', () => {
    expect(readScheduleChoice('2026-03-28', '12:00', 'Europe/Paris', now)).toEqual({
      ok: true,
      instant: at('2026-03-28T11:00:00Z'),
      iso: '2026-03-28T12:00:00+01:00',
    });
    expect(readScheduleChoice('2026-03-30', '12:00', 'Europe/Paris', now)).toMatchObject({ ok: true, iso: '2026-03-30T12:00:00+02:00' });
  });

  it('says so when the picked time falls in the gap and was moved', () => {
    expect(readScheduleChoice('2026-03-29', '02:30', 'Europe/Paris', now)).toMatchObject({
      ok: true,
      iso: '2026-03-29T03:30:00+02:00',
      adjusted: '02:30 does not exist on that day in Europe/Paris (the clocks go forward), so this is 03:30.',
    });
  });

  it('refuses what the API would refuse: under a minute ahead, past, over 365 days, missing fields', () => {
    expect(readScheduleChoice('2026-03-28', '11:00', 'Europe/Paris', now)).toEqual({ ok: false, message: 'Pick a time at least a minute from now.' });
    expect(readScheduleChoice('2026-03-28', '11:01', 'Europe/Paris', new Date(now.getTime() + 30_000))).toEqual({
      ok: false,
      message: 'Pick a time at least a minute from now.',
    });
    expect(readScheduleChoice('2026-03-28', '11:02', 'Europe/Paris', now)).toMatchObject({ ok: true });
    expect(readScheduleChoice('2027-03-29', '12:00', 'Europe/Paris', now)).toEqual({ ok: false, message: 'Pick a time within 365 days.' });
    expect(readScheduleChoice('', '12:00', 'Europe/Paris', now)).toEqual({ ok: false, message: 'Pick a date.' });
    expect(readScheduleChoice('2026-03-28', '', 'Europe/Paris', now)).toEqual({ ok: false, message: 'Pick a time.' });
  });

  it('suggests the next full hour at least 30 minutes away, in the zone, or keeps an existing time', () => {
    expect(defaultScheduleInputs('America/New_York', at('2026-03-28T10:40:00Z'))).toEqual({ date: '2026-03-28', time: '08:00' });
    expect(defaultScheduleInputs('Europe/Paris', at('2026-03-28T22:45:00Z'))).toEqual({ date: '2026-03-29', time: '01:00' });
    expect(defaultScheduleInputs('Europe/Paris', now, '2026-04-01T07:15:00Z')).toEqual({ date: '2026-04-01', time: '09:15' });
  });
});
