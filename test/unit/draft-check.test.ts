import { describe, expect, it } from 'vitest';
import { checkDraft } from '@lambdas/core/ai/draft-check';
import { countCharacters } from '@contract/api/posts';

const paragraph = (n: number, fill = 'word ') => fill.repeat(Math.ceil(n / fill.length)).slice(0, n).trim();

describe('checkDraft', () => {
  it('returns a good draft as it is, trimmed', () => {
    expect(checkDraft('  Hook line.\n\nBody.\n\n#One #Two  \n', false)).toEqual({ ok: true, content: 'Hook line.\n\nBody.\n\n#One #Two' });
  });

  it('rejects an empty answer, also when only whitespace or wrapping is left', () => {
    expect(checkDraft('', false)).toEqual({ ok: false, reason: 'empty' });
    expect(checkDraft(' \n\n ', false)).toEqual({ ok: false, reason: 'empty' });
    expect(checkDraft('```\n\n```', false)).toEqual({ ok: false, reason: 'empty' });
  });

  it('removes Markdown emphasis and headings that LinkedIn would show as symbols, keeping hashtags', () => {
    expect(checkDraft('## Big news\n\nThis is **really** __important__.\n\n#Launch', false)).toEqual({
      ok: true,
      content: 'Big news\n\nThis is really important.\n\n#Launch',
    });
  });

  it('removes wrapping a model adds: code fences, quotes, a preface about the draft', () => {
    expect(checkDraft('```text\nHook.\n\nBody.\n```', false)).toEqual({ ok: true, content: 'Hook.\n\nBody.' });
    expect(checkDraft('"Hook.\n\nBody."', false)).toEqual({ ok: true, content: 'Hook.\n\nBody.' });
    expect(checkDraft("Here's a draft for your post:\n\nHook.\n\nBody.", false)).toEqual({ ok: true, content: 'Hook.\n\nBody.' });
    // A hook that looks like a preface stays.
    expect(checkDraft("Here's what 10 years in sales taught me:\n\nListen.", false)).toEqual({ ok: true, content: "Here's what 10 years in sales taught me:\n\nListen." });
  });

  it('keeps at most three distinct hashtags on the last line', () => {
    expect(checkDraft('Hook.\n\nBody.\n\n#A #B #A #C #D #E', false)).toEqual({ ok: true, content: 'Hook.\n\nBody.\n\n#A #B #C' });
  });

  it('collapses runs of blank lines into one paragraph break', () => {
    expect(checkDraft('Hook.\r\n\r\n\r\n\r\nBody line one\nline two   \n\n\n\nEnd.', false)).toEqual({ ok: true, content: 'Hook.\n\nBody line one\nline two\n\nEnd.' });
  });

  it('drops the unfinished last paragraph of a draft the token cap cut off, and rejects one with nothing complete', () => {
    expect(checkDraft('Hook.\n\nBody.\n\nAnd then we sta', true)).toEqual({ ok: true, content: 'Hook.\n\nBody.' });
    expect(checkDraft('A hook that never ended because the cap', true)).toEqual({ ok: false, reason: 'truncated' });
  });

  it('cuts an over-long draft on a paragraph boundary to at most 3000 characters, keeping the hashtags', () => {
    const text = [paragraph(150), paragraph(1200), paragraph(1200), paragraph(1200), '#Growth #Sales'].join('\n\n');
    const result = checkDraft(text, false);
    expect(result.ok).toBe(true);
    const content = (result as { content: string }).content;
    expect(countCharacters(content)).toBeLessThanOrEqual(3000);
    expect(content.split('\n\n')).toHaveLength(4);
    expect(content.endsWith('#Growth #Sales')).toBe(true);
  });

  it('counts characters as the composer does (code points), so emoji do not count double', () => {
    const text = `${'🙂'.repeat(2990)}\n\nEnd.`;
    expect(checkDraft(text, false)).toEqual({ ok: true, content: text });
  });

  it('rejects a draft whose first paragraph alone is over 3000 characters', () => {
    expect(checkDraft(paragraph(3100), false)).toEqual({ ok: false, reason: 'too_long' });
  });
});
