// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { FOLD_CHARACTERS, foldForFeed } from './feed-fold';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('foldForFeed: where LinkedIn shows "…see more"', () => {
  it('shows a short post whole', () => {
    expect(foldForFeed('  Short and sweet.  ')).toEqual({ visible: 'Short and sweet.', folded: false, hidden: '' });
  });

  it('keeps a post of exactly 210 characters whole, and folds at 211', () => {
    expect(foldForFeed('x'.repeat(FOLD_CHARACTERS)).folded).toBe(false);
    const long = foldForFeed('x'.repeat(FOLD_CHARACTERS + 1));
    expect(long.folded).toBe(true);
    expect(long.visible).toHaveLength(FOLD_CHARACTERS);
  });

  it('folds a long paragraph after about 210 characters, on a word boundary', () => {
    const text = words(60);
    const fold = foldForFeed(text);
    expect(fold.folded).toBe(true);
    expect(fold.visible.length).toBeLessThanOrEqual(FOLD_CHARACTERS);
    expect(fold.visible.length).toBeGreaterThan(FOLD_CHARACTERS - 30);
    expect(text.startsWith(fold.visible)).toBe(true);
    expect(fold.visible).toMatch(/word\d+$/);
    expect(`${fold.visible} ${fold.hidden}`).toBe(text);
  });

  it('folds after the third line even when the text is short, counting a blank line as a line', () => {
    expect(foldForFeed('Hook line\n\nSecond thought\n\nThe rest')).toEqual({
      visible: 'Hook line\n\nSecond thought',
      folded: true,
      hidden: 'The rest',
    });
    expect(foldForFeed('One\nTwo\nThree')).toEqual({ visible: 'One\nTwo\nThree', folded: false, hidden: '' });
  });

  it('keeps line breaks as typed and turns Windows line ends into plain ones', () => {
    expect(foldForFeed('A\r\nB').visible).toBe('A\nB');
  });

  it('never cuts an emoji in half', () => {
    const family = '👨‍👩‍👧';
    const fold = foldForFeed(`${'x'.repeat(FOLD_CHARACTERS - 1)}${family}${family}`);
    expect(fold.visible.endsWith(family)).toBe(true);
    expect(fold.hidden).toBe(family);
  });

  it('cuts a single unbroken word where it must', () => {
    const fold = foldForFeed('y'.repeat(500));
    expect(fold.visible).toBe('y'.repeat(FOLD_CHARACTERS));
    expect(fold.hidden).toHaveLength(500 - FOLD_CHARACTERS);
  });
});
