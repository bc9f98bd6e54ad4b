
import { MAX_HASHTAGS } from './prompts';
import { MAX_CONTENT_CHARACTERS, countCharacters } from '../../contract/api/posts';

export type DraftRejection = 'empty' | 'truncated' | 'too_long';
export type DraftCheck = { ok: true; content: string } | { ok: false; reason: DraftRejection };

const HASHTAG_LINE = /^(?:#[\p{L}\p{N}_]+[ \t]*)+$/u;

/**
 * Turns what the model wrote into a post LinkedIn will take, or says why it
 * cannot: plain text (Markdown emphasis and headings removed, LinkedIn would
 * show the symbols), paragraphs separated by one blank line, at most
 * MAX_HASHTAGS hashtags on the last line, and at most 3000 characters, cut on a
 * paragraph boundary. A draft the token cap cut off loses its unfinished last
 * paragraph; one with nothing left is rejected.
 */
export function checkDraft(text: string, truncated: boolean): DraftCheck {
  let paragraphs = toParagraphs(stripWrapping(text));
  if (truncated) {
    if (paragraphs.length < 2) return { ok: false, reason: paragraphs.length === 0 ? 'empty' : 'truncated' };
    paragraphs = paragraphs.slice(0, -1);
  }
  if (paragraphs.length === 0) return { ok: false, reason: 'empty' };

  let hashtags: string | undefined;
  if (HASHTAG_LINE.test(paragraphs.at(-1)!) && paragraphs.length > 1) {
    const tags = paragraphs.pop()!.split(/\s+/).filter(Boolean);
    hashtags = [...new Set(tags)].slice(0, MAX_HASHTAGS).join(' ');
  }
  const join = () => [...paragraphs, ...(hashtags ? [hashtags] : [])].join('\n\n');
  while (countCharacters(join()) > MAX_CONTENT_CHARACTERS && paragraphs.length > 1) paragraphs.pop();
  if (countCharacters(join()) > MAX_CONTENT_CHARACTERS) {
    hashtags = undefined;
    if (countCharacters(join()) > MAX_CONTENT_CHARACTERS) return { ok: false, reason: 'too_long' };
  }
  return { ok: true, content: join() };
}

/** Removes what models wrap around a post: code fences, surrounding quotes, a "Here is…:" preface. */
function stripWrapping(text: string): string {
  let result = text.replace(/\r\n?/g, '\n').trim();
  const fenced = /^```[\w-]*\n([\s\S]*?)\n```$/.exec(result);
  if (fenced) result = fenced[1]!.trim();
  if (/^"[^"]*"$/s.test(result) || /^“[^“”]*”$/s.test(result)) result = result.slice(1, -1).trim();
  // Only a preface about the draft itself: "Here's what I learned:" is a hook, not a preface.
  result = result.replace(/^(?:(?:sure|certainly|of course)\b[^\n]*|here(?:'s| is) (?:a|an|the|your|my) (?:\w+ )?(?:draft|post|version|rewrite)\b[^\n]*):[ \t]*\n+/i, '');
  return result
    .replace(/\*\*(\S(?:[^*\n]*\S)?)\*\*/g, '$1')
    .replace(/__(\S(?:[^_\n]*\S)?)__/g, '$1')
    .replace(/^#{1,6}[ \t]+/gm, '');
}

function toParagraphs(text: string): string[] {
  return text
    .split(/\n[ \t]*\n+/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => line.trimEnd())
        .join('\n')
        .trim(),
    )
    .filter((paragraph) => paragraph !== '');
}
