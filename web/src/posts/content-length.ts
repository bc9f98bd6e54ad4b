import { countCharacters, MAX_CONTENT_CHARACTERS } from '@contract/api/posts';

export { MAX_CONTENT_CHARACTERS };

/** How close to LinkedIn's limit the counter starts warning. */
export const NEAR_LIMIT_REMAINING = 200;

export type LengthState = 'empty' | 'ok' | 'near' | 'over';

export interface ContentLength {
  /** Characters as the API counts them: code points of the trimmed text. */
  count: number;
  /** Negative when over the limit. */
  remaining: number;
  state: LengthState;
}

/**
 * Measures post text exactly as the API validates it (the contract's countCharacters, lambdas/contract/api/posts.ts):
 * trimmed, counted in code points, at most 3000. So the composer never lets
 * through what the API refuses, nor refuses what it accepts.
 */
export function measureContent(text: string): ContentLength {
  const count = countCharacters(text.trim());
  const remaining = MAX_CONTENT_CHARACTERS - count;
  const state: LengthState = count === 0 ? 'empty' : remaining < 0 ? 'over' : remaining <= NEAR_LIMIT_REMAINING ? 'near' : 'ok';
  return { count, remaining, state };
}

export function canSave(length: ContentLength): boolean {
  return length.state !== 'empty' && length.state !== 'over';
}
