/**
 * Where LinkedIn folds a post in the feed, so the preview shows what people
 * see before they click "…see more": the first ~210 characters or the first
 * three lines, whichever ends first. Line breaks are kept as typed (LinkedIn
 * shows each one, blank lines included), and a blank line counts as a line.
 * The cut never splits a word when a word boundary is near, nor an emoji.
 *
 * These are LinkedIn's desktop feed numbers (its mobile app folds a little
 * earlier); they are a guide for writing the hook, not a pixel promise.
 */
export const FOLD_CHARACTERS = 210;
export const FOLD_LINES = 3;
/** How far back the cut may move to end on a whole word. */
const WORD_BACKTRACK = 30;

export interface FeedFold {
  /** The text shown above "…see more" (all of it when nothing is folded). */
  visible: string;
  /** True when LinkedIn would show "…see more". */
  folded: boolean;
  /** The rest, shown after "see more" is clicked. */
  hidden: string;
}

export interface FoldOptions {
  characters?: number;
  lines?: number;
}

/** The text as LinkedIn stores it: the API trims it, and \r\n arrives as \n. */
export function normalizeForFeed(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

export function foldForFeed(text: string, { characters = FOLD_CHARACTERS, lines = FOLD_LINES }: FoldOptions = {}): FeedFold {
  const normalized = normalizeForFeed(text);
  const graphemes = splitGraphemes(normalized);
  let count = 0;
  let breaks = 0;
  let cut = -1;
  for (let i = 0; i < graphemes.length; i++) {
    const g = graphemes[i]!;
    if (g === '\n') {
      breaks++;
      if (breaks === lines) {
        cut = i;
        break;
      }
    }
    count++;
    if (count > characters) {
      cut = i;
      break;
    }
  }
  if (cut === -1) return { visible: normalized, folded: false, hidden: '' };

  let end = cut;
  // Cutting at a line break is already clean; mid-text, end on a whole word if one ends close by.
  if (graphemes[cut] !== '\n' && !isSpace(graphemes[cut]!)) {
    for (let j = cut - 1; j >= Math.max(0, cut - WORD_BACKTRACK); j--) {
      if (isSpace(graphemes[j]!)) {
        end = j;
        break;
      }
    }
  }
  const visible = graphemes.slice(0, end).join('').trimEnd();
  const hidden = graphemes.slice(end).join('').trimStart();
  return { visible, folded: hidden.length > 0, hidden };
}

function isSpace(g: string): boolean {
  return /^\s+$/u.test(g);
}

/** User-perceived characters, so a family emoji or a flag is never cut in half. */
function splitGraphemes(text: string): string[] {
  const Segmenter = (Intl as { Segmenter?: typeof Intl.Segmenter }).Segmenter;
  if (Segmenter) return Array.from(new Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (s) => s.segment);
  return Array.from(text);
}
