import { splitUrls } from './post-urls';

/**
 * LinkedIn's "little text" format, which the Posts API reads `commentary` in.
 * Mentions (`@[Name](urn)`), hashtags (`#tag`, or the template `{hashtag|\#|tag}`)
 * and templates are written with these characters, so an unescaped one in
 * ordinary prose makes LinkedIn parse the rest of the post as markup, and it
 * silently drops what it cannot parse: the published post ends early. Escaping
 * every one of them with a backslash keeps the text exactly as written.
 *
 * One thing the user writes is meant as markup: a hashtag. `toLittleText` sends
 * each `#word` as LinkedIn's hashtag template and escapes everything else, so
 * the tag is a clickable hashtag on LinkedIn and nothing is cut.
 *
 * Pure (its one import, post-urls.ts, is too): the publisher writes the commentary with it, the web
 * app's preview shows hashtags from the same `splitHashtags`, and the sandbox
 * LinkedIn renders posts with `renderLittleText`.
 */
export const LITTLE_TEXT_RESERVED = ['\\', '|', '{', '}', '@', '[', ']', '(', ')', '<', '>', '#', '*', '_', '~'] as const;

const RESERVED = new Set<string>(LITTLE_TEXT_RESERVED);

/** The text with a backslash before every reserved character (the backslash itself included). */
export function escapeLittleText(text: string): string {
  let out = '';
  for (const char of text) out += RESERVED.has(char) ? `\\${char}` : char;
  return out;
}

/** A run of plain text, or a hashtag (`tag` without its `#`). */
export type LittleTextPart = { kind: 'text'; text: string } | { kind: 'hashtag'; tag: string };

/** What a hashtag is made of: letters, combining marks and digits of any script (`#café`, `#日本`, `#web3`). */
const TAG_CHARACTER = /[\p{L}\p{M}\p{N}]/u;
const LETTER = /\p{L}/u;
/**
 * A `#` starts a hashtag at the start of a line or after white space, punctuation or a
 * symbol (emoji included), or an invisible format character (a right-to-left mark before
 * a Hebrew or Arabic tag)…
 */
const BOUNDARY = /[\s\p{P}\p{S}\p{Cf}]/u;
/**
 * …but not after these: `##tag` and `\#tag` read as deliberate, `/#tag` is a URL's
 * fragment (`example.com/#pricing`), `&#x27;` an HTML entity, `@#` and `_#` part of a name.
 */
const NOT_A_BOUNDARY = new Set(['#', '＃', '\\', '/', '&', '@', '_']);

/**
 * The user's text as plain runs and hashtags, the way Mark.0 sends it. A hashtag
 * is `#` followed by letters, marks and digits, holding at least one letter, at
 * the start of a line or after white space or punctuation: `#shipping`, `(#ops)`,
 * `#café` and `#日本` are hashtags; `C#`, `issue#42`, `#1`, `#2024` and a lone `#`
 * stay text. The tag ends at the first other character (`#web3.` is `#web3` then
 * `.`; `#machine_learning` is `#machine` then `_learning`), so a tag never holds a
 * reserved character and the template needs no escaping inside. Inside a web
 * address (`http://`, `https://` or `www.`, found by the preview's own `splitUrls`,
 * post-urls.ts) a `#` is never a hashtag: `https://example.com/?q=#top` stays a
 * plain, escaped URL.
 */
export function splitHashtags(text: string): LittleTextPart[] {
  const parts: LittleTextPart[] = [];
  let plain = '';
  // The character before the one looked at, across the address and text runs.
  let previous: string | undefined;
  for (const run of splitUrls(text)) {
    const chars = [...run.text];
    if (run.kind === 'url') {
      plain += run.text;
      previous = chars.at(-1);
      continue;
    }
    for (let i = 0; i < chars.length; i++) {
      const char = chars[i]!;
      if (char === '#' && startsTag(i === 0 ? previous : chars[i - 1])) {
        let end = i + 1;
        while (end < chars.length && TAG_CHARACTER.test(chars[end]!)) end++;
        const tag = chars.slice(i + 1, end).join('');
        if (LETTER.test(tag)) {
          if (plain) parts.push({ kind: 'text', text: plain });
          parts.push({ kind: 'hashtag', tag });
          plain = '';
          i = end - 1;
          continue;
        }
      }
      plain += char;
    }
    previous = chars.at(-1);
  }
  if (plain) parts.push({ kind: 'text', text: plain });
  return parts;
}

function startsTag(previous: string | undefined): boolean {
  return previous === undefined || (BOUNDARY.test(previous) && !NOT_A_BOUNDARY.has(previous));
}

/** LinkedIn's hashtag template for a tag (letters, marks and digits only: nothing to escape). */
export function hashtagTemplate(tag: string): string {
  return `{hashtag|\\#|${tag}}`;
}

/**
 * The commentary LinkedIn receives for what the user wrote: every hashtag as
 * LinkedIn's hashtag template, everything else escaped, so the post reads on
 * LinkedIn exactly as typed, with clickable hashtags.
 */
export function toLittleText(text: string): string {
  return splitHashtags(text)
    .map((part) => (part.kind === 'hashtag' ? hashtagTemplate(part.tag) : escapeLittleText(part.text)))
    .join('');
}

/** `{hashtag|\#|tag}` (or with the full-width `＃`), at the start of the rest of a commentary. */
const TEMPLATE = /^\{hashtag\|(?:\\#|＃)\|([^\\|{}@[\]()<>#*_~]+)\}/u;

/**
 * What LinkedIn shows for a commentary: escaped characters as themselves,
 * hashtags (the template, or `#tag` written bare) as hashtags, and at the first
 * other *unescaped* reserved character, the rest is lost (its silent
 * truncation). The sandbox LinkedIn renders posts with it, so a missing escape
 * shows up in tests as a cut post, the way it would on LinkedIn.
 */
export function renderLittleText(commentary: string): { text: string; parts: LittleTextPart[]; truncated: boolean } {
  const chars = [...commentary];
  const parts: LittleTextPart[] = [];
  let plain = '';
  const hashtag = (tag: string) => {
    if (plain) parts.push({ kind: 'text', text: plain });
    parts.push({ kind: 'hashtag', tag });
    plain = '';
  };
  const done = (truncated: boolean) => {
    if (plain) parts.push({ kind: 'text', text: plain });
    return { text: parts.map((part) => (part.kind === 'text' ? part.text : `#${part.tag}`)).join(''), parts, truncated };
  };
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (char === '\\') {
      const next = chars[i + 1];
      if (next === undefined || !RESERVED.has(next)) return done(true);
      plain += next;
      i++;
      continue;
    }
    if (char === '{') {
      const template = TEMPLATE.exec(chars.slice(i).join(''));
      if (!template) return done(true);
      hashtag(template[1]!);
      i += [...template[0]].length - 1;
      continue;
    }
    if (char === '#') {
      let end = i + 1;
      while (end < chars.length && TAG_CHARACTER.test(chars[end]!)) end++;
      if (end === i + 1) return done(true);
      hashtag(chars.slice(i + 1, end).join(''));
      i = end - 1;
      continue;
    }
    if (RESERVED.has(char)) return done(true);
    plain += char;
  }
  return done(false);
}
