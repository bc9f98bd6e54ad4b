/**
 * The web addresses in a post's text, found the way LinkedIn finds them: an
 * `http://` or `https://` address, or one starting `www.`, runs to the next
 * white space, less the punctuation that ends the sentence around it
 * (`.`, `,`, `!`, `?`, `:`, `;`, quotes, and a `)` or `]` it did not open), so
 * "see https://example.com/a." links `https://example.com/a`. Everything inside
 * the address is the address: `https://example.com/?q=1#pricing` holds no hashtag.
 *
 * Pure and dependency-free: the web app's preview shows these as links, and the
 * hashtag rule (`little-text.ts`) must leave them alone for the preview and the
 * published post to agree.
 */

/** A run of plain text, or an address (`href` is what a link opens: `www.` addresses get `https://`). */
export type UrlPart = { kind: 'text'; text: string } | { kind: 'url'; text: string; href: string };

/** Where an address may start: `http://`, `https://` or `www.`, any case, with something after it. */
const START = /(?:https?:\/\/|www\.)(?=[^\s])/giu;
/** A letter or digit just before `http`/`www` makes it part of a word (`xhttp://`, `awww.`), not an address. */
const WORD_BEFORE = /[\p{L}\p{N}@./_-]/u;
/** Punctuation that ends a sentence rather than an address, when it is an address's last character. */
const TRAILING = new Set(['.', ',', '!', '?', ':', ';', '"', "'", '’', '”', '»', '…', '*', '_', '~']);
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** The user's text as plain runs and addresses, in order; joined, the runs give back the text. */
export function splitUrls(text: string): UrlPart[] {
  const parts: UrlPart[] = [];
  let from = 0;
  START.lastIndex = 0;
  for (let match = START.exec(text); match; match = START.exec(text)) {
    const start = match.index;
    const before = text[start - 1];
    if (before !== undefined && WORD_BEFORE.test(before)) continue;
    let end = start;
    while (end < text.length && !/\s/u.test(text[end]!)) end++;
    end = withoutTrailingPunctuation(text, start, end);
    const url = text.slice(start, end);
    // "www." or "https://" alone (or followed only by punctuation) is no address.
    if (end <= start + match[0].length) continue;
    if (start > from) parts.push({ kind: 'text', text: text.slice(from, start) });
    parts.push({ kind: 'url', text: url, href: /^www\./iu.test(url) ? `https://${url}` : url });
    from = end;
    START.lastIndex = end;
  }
  if (from < text.length) parts.push({ kind: 'text', text: text.slice(from) });
  return parts;
}

/** `end` moved back over sentence punctuation, and over closing brackets the address did not open. */
function withoutTrailingPunctuation(text: string, start: number, end: number): number {
  for (;;) {
    const last = text[end - 1]!;
    if (TRAILING.has(last)) {
      end--;
      continue;
    }
    const opener = CLOSERS[last];
    if (opener !== undefined && count(text.slice(start, end), last) > count(text.slice(start, end), opener)) {
      end--;
      continue;
    }
    return end;
  }
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}
