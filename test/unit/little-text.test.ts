import { describe, expect, it } from 'vitest';
import { LITTLE_TEXT_RESERVED, escapeLittleText, renderLittleText } from '@contract/little-text';

describe('LinkedIn little text', () => {
  it('reserves exactly the fifteen characters LinkedIn documents', () => {
    expect([...LITTLE_TEXT_RESERVED].sort()).toEqual(['\\', '|', '{', '}', '@', '[', ']', '(', ')', '<', '>', '#', '*', '_', '~'].sort());
  });

  it.each([...LITTLE_TEXT_RESERVED])('escapes %s with a backslash', (char) => {
    expect(escapeLittleText(`a${char}b`)).toBe(`a\\${char}b`);
    expect(renderLittleText(escapeLittleText(`a${char}b`))).toEqual({ text: `a${char}b`, truncated: false });
  });

  it('leaves everything else alone: letters, digits, punctuation, emoji, line breaks', () => {
    const text = 'Hello, world! 100% sure: "quotes" & \'apostrophes\'; émoji 🚀 — new\nline.';
    expect(escapeLittleText(text)).toBe(text);
  });

  it('escapes a backslash before what follows it, so "\\#" stays two characters', () => {
    expect(escapeLittleText('\\#')).toBe('\\\\\\#');
    expect(renderLittleText(escapeLittleText('\\#')).text).toBe('\\#');
  });

  it('survives the round trip for a post full of markup-looking text', () => {
    const text = '#hashtag @mention [link](https://x.y) {template|x} <html> *bold* _under_ ~strike~ C:\\path';
    expect(renderLittleText(escapeLittleText(text))).toEqual({ text, truncated: false });
  });

  it('shows what LinkedIn does to unescaped text: everything from the first reserved character is lost', () => {
    expect(renderLittleText('Launch day (finally) is here')).toEqual({ text: 'Launch day ', truncated: true });
  });
});
