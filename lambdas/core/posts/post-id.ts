import * as z from 'zod/mini';
import { NotFoundError } from '../errors';

/**
 * Post ids are ULIDs: 26 Crockford base-32 characters. Anything else cannot exist. Here, not in
 * post-input.ts: the use cases check ids and page sizes without carrying the request schemas
 * (zod schemas are built at import, so a module's unused ones stay in a bundle: the queue function's).
 */
/** A post id: a ULID (26 Crockford base-32 characters). */
export const POST_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const postIdSchema = z.string().check(z.regex(POST_ID_PATTERN, 'is not a post id'));

/** The 404 for a post id that is not the user's (or cannot exist). */
export function noSuchPost(postId: string): NotFoundError {
  return new NotFoundError(`No post with id "${postId}" in your account.`);
}

/** Posts in a page of GET /v1/posts when the request names no limit. */
export const DEFAULT_PAGE_SIZE = 20;
