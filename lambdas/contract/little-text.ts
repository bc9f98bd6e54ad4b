/**
 * LinkedIn's "little text" format, which the Posts API reads `commentary` in.
 * Mentions (`@[Name](urn)`), hashtags (`{hashtag|\#|tag}`) and templates are
 * written with these characters, so an unescaped one in ordinary prose makes
 * LinkedIn parse the rest of the post as markup, and it silently drops what it
 * cannot parse: the published post ends early. Escaping every one of them with a
 * backslash keeps the text exactly as written.
 *
 * Pure and dependency-free: the publisher escapes with it, and the web app's
 * preview imports it to show what LinkedIn will receive.
 */
export const LITTLE_TEXT_RESERVED = ['\\', '|', '{', '}', '@', '[', ']', '(', ')', '<', '>', '#', '*', '_', '~'] as const;

const RESERVED = new Set<string>(LITTLE_TEXT_RESERVED);

/** The text with a backslash before every reserved character (the backslash itself included). */
export function escapeLittleText(text: string): string {
  let out = '';
  for (const char of text) out += RESERVED.has(char) ? `\\${char}` : char;
  return out;
}

/**
 * What LinkedIn shows for a commentary: escaped characters as themselves; at the
 * first *unescaped* reserved character, the rest is lost (its silent
 * truncation). The sandbox LinkedIn renders posts with it, so a missing escape
 * shows up in tests as a cut post, the way it would on LinkedIn.
 */
export function renderLittleText(commentary: string): { text: string; truncated: boolean } {
  let text = '';
  const chars = [...commentary];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (char === '\\') {
      const next = chars[i + 1];
      if (next !== undefined && RESERVED.has(next)) {
        text += next;
        i++;
        continue;
      }
      return { text, truncated: true };
    }
    if (RESERVED.has(char)) return { text, truncated: true };
    text += char;
  }
  return { text, truncated: false };
}
