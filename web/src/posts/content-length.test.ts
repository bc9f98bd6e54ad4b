// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { canSave, measureContent, MAX_CONTENT_CHARACTERS } from './content-length';

describe('measureContent', () => {
  it('uses the API limit of 3000', () => {
    expect(MAX_CONTENT_CHARACTERS).toBe(3000);
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

  it('warns within 200 of the limit and refuses past it', () => {
    expect(measureContent('x'.repeat(2799)).state).toBe('ok');
    expect(measureContent('x'.repeat(2800)).state).toBe('near');
    const over = measureContent('x'.repeat(3001));
    expect(over).toMatchObject({ count: 3001, remaining: -1, state: 'over' });
    expect(canSave(over)).toBe(false);
    expect(canSave(measureContent(''))).toBe(false);
    expect(canSave(measureContent('x'.repeat(3000)))).toBe(true);
  });
});
