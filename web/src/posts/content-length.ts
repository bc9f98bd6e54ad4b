import { countCharacters, MAX_CONTENT_CHARACTERS, MAX_DRAFT_CHARACTERS } from '@contract/api/posts';

export { MAX_CONTENT_CHARACTERS, MAX_DRAFT_CHARACTERS };

/** How close to LinkedIn's limit the counter starts warning. */
export const NEAR_LIMIT_REMAINING = 200;

/** over: past LinkedIn's limit, still a draft that can be saved; too-long: past even a draft's. */
export type LengthState = 'empty' | 'ok' | 'near' | 'over' | 'too-long';

export interface ContentLength {
  /** Characters as the API counts them: code points of the trimmed text. */
  count: number;
  /** Left of LinkedIn's limit; negative when over it. */
  remaining: number;
  state: LengthState;
}

/**
 * Measures post text exactly as the API validates it (the contract's countCharacters, lambdas/contract/api/posts.ts):
 * trimmed, counted in code points; a draft holds at most 10,000, LinkedIn takes 3000. So the composer never lets
 * through what the API refuses, nor refuses what it accepts.
 */
export function measureContent(text: string): ContentLength {
  const count = countCharacters(text.trim());
  const remaining = MAX_CONTENT_CHARACTERS - count;
  const state: LengthState =
    count === 0 ? 'empty' : count > MAX_DRAFT_CHARACTERS ? 'too-long' : remaining < 0 ? 'over' : remaining <= NEAR_LIMIT_REMAINING ? 'near' : 'ok';
  return { count, remaining, state };
}

/** The text can be stored as a draft: something, and no more than a draft holds (it may run over LinkedIn's limit). */
export function canSave(length: ContentLength): boolean {
  return length.state !== 'empty' && length.state !== 'too-long';
}

/** The text can go to LinkedIn: within its limit (or empty, for a post of media or a poll). */
export function fitsLinkedIn(length: ContentLength): boolean {
  return length.remaining >= 0;
}
