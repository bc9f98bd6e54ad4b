// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { canSave, fitsLinkedIn, measureContent, MAX_CONTENT_CHARACTERS, MAX_DRAFT_CHARACTERS } from './content-length';

describe('measureContent', () => {
  it("uses the API's limits: LinkedIn's 3000, a draft's 10,000", () => {
    expect(MAX_CONTENT_CHARACTERS).toBe(3000);
    expect(MAX_DRAFT_CHARACTERS).toBe(10_000);
  });

  it('counts code points, so an emoji is one character, as the API counts', () => {
    expect(measureContent('🚀').count).toBe(1);
    expect('🚀'.length).toBe(2);
    expect(measureContent('🚀'.repeat(3000))).toMatchObject({ count: 3000, remaining: 0, state: 'near' });
  });

  it('ignores leading and trailing whitespace, as the API trims', () => {
    expect(measureContent('  hi \n')).toMatchObject({ count: 2, state: 'ok' });
    expect(measureContent('   \n\t')).toMatchObject({ count: 0, state: 'empty' });
  });

  it("warns within 200 of LinkedIn's limit; past it, the text saves as a draft but does not fit LinkedIn", () => {
    expect(measureContent('x'.repeat(2799)).state).toBe('ok');
    expect(measureContent('x'.repeat(2800)).state).toBe('near');
    const fits = measureContent('x'.repeat(3000));
    expect([canSave(fits), fitsLinkedIn(fits)]).toEqual([true, true]);
    const over = measureContent('x'.repeat(3001));
    expect(over).toMatchObject({ count: 3001, remaining: -1, state: 'over' });
    expect([canSave(over), fitsLinkedIn(over)]).toEqual([true, false]);
    expect(canSave(measureContent(''))).toBe(false);
    expect(fitsLinkedIn(measureContent(''))).toBe(true);
  });

  it("refuses past a draft's 10,000", () => {
    expect(canSave(measureContent('🚀'.repeat(10_000)))).toBe(true);
    const tooLong = measureContent('🚀'.repeat(10_001));
    expect(tooLong).toMatchObject({ count: 10_001, state: 'too-long' });
    expect([canSave(tooLong), fitsLinkedIn(tooLong)]).toEqual([false, false]);
  });
});
