/** Text measured as a person reads it: in characters (code points), not UTF-16 units. */

/** Counts what a person sees as characters (code points), the way the composer does. */
export function countCharacters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** The text cut to at most `max` characters (code points), never inside a surrogate pair: the web inputs clip by it. */
export function clipCharacters(text: string, max: number): string {
  let count = 0;
  let end = 0;
  for (const char of text) {
    if (count++ === max) return text.slice(0, end);
    end += char.length;
  }
  return text;
}
