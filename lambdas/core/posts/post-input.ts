import * as z from 'zod/mini';
import { instantSchema } from '../instants';
import { MAX_CONTENT_CHARACTERS, MAX_DRAFT_CHARACTERS, POST_STATUSES, countCharacters } from '../../contract/api/posts';
import { MEDIA_ID_PATTERN, MEDIA_LIMITS, POLL_DURATIONS, POLL_LIMITS } from '../../contract/api/media';
import { POST_ID_PATTERN } from './post-id';

// zod/mini (not the chainable `zod`): the same validation in ~20 KB instead of
// ~450 KB of bundle, which is cold-start time on every function that validates.

/** Trimmed text of at most `max` code points (as the composer counts); empty only when `allowEmpty`. */
function trimmedText(max: number, tooLong: (length: number) => string, allowEmpty = false) {
  return z.pipe(
    z.string({ error: 'must be a string' }),
    z.transform((text: string) => text.trim()),
  ).check(
    z.superRefine((text, ctx) => {
      const length = countCharacters(text);
      if (length === 0 && !allowEmpty) ctx.issues.push({ code: 'custom', input: text, message: 'must not be empty' });
      else if (length > max) ctx.issues.push({ code: 'custom', input: text, message: tooLong(length) });
    }),
  );
}

const tooLongForDraft = (length: number) =>
  `must be at most ${MAX_DRAFT_CHARACTERS} characters after trimming, even for a draft (it is ${length}); LinkedIn takes ${MAX_CONTENT_CHARACTERS}`;

/** A draft that must say something (for an AI rewrite): 1–10,000 characters, so a long draft can be cut down to fit LinkedIn. */
export const contentSchema = trimmedText(MAX_DRAFT_CHARACTERS, tooLongForDraft);

/**
 * A post's text: may be empty, for a post with media or a poll (checkPostShape says when it may not), and
 * may run over LinkedIn's limit while a draft (checkFitsLinkedIn says when it may not).
 */
export const postTextSchema = trimmedText(MAX_DRAFT_CHARACTERS, tooLongForDraft, true);

/** Trimmed text of 1–max code points, `what` naming the limit. */
function boundedText(max: number, what: string) {
  return trimmedText(max, (length) => `must be at most ${max} characters (${what}; it is ${length})`);
}

export const mediaIdSchema = z.string({ error: 'must be a media id' }).check(z.regex(MEDIA_ID_PATTERN, 'is not a media id (from POST /v1/media)'));

const altTextSchema = z.pipe(
  z.string({ error: 'must be a string' }),
  z.transform((text: string) => text.trim()),
).check(z.refine((text) => countCharacters(text) <= MEDIA_LIMITS.maxAltTextCharacters, `must be at most ${MEDIA_LIMITS.maxAltTextCharacters} characters`));

/** One attachment: the media id and its alternative text (may be empty, though the app nudges). */
export const postMediaSchema = z.strictObject({ id: mediaIdSchema, altText: z._default(altTextSchema, '') });

export const mediaListSchema = z
  .array(postMediaSchema, { error: 'must be a list of {id, altText}' })
  .check(
    z.superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((item, index) => {
        if (seen.has(item.id)) ctx.issues.push({ code: 'custom', input: item.id, path: [index, 'id'], message: 'is attached twice' });
        seen.add(item.id);
      });
    }),
  );

export const pollSchema = z.strictObject({
  question: boundedText(POLL_LIMITS.maxQuestionCharacters, "LinkedIn's limit for a poll question"),
  options: z
    .array(boundedText(POLL_LIMITS.maxOptionCharacters, "LinkedIn's limit for a poll option"), { error: 'must be a list of strings' })
    .check(
      z.minLength(POLL_LIMITS.minOptions, `must have ${POLL_LIMITS.minOptions} to ${POLL_LIMITS.maxOptions} options`),
      z.maxLength(POLL_LIMITS.maxOptions, `must have ${POLL_LIMITS.minOptions} to ${POLL_LIMITS.maxOptions} options`),
    ),
  duration: z._default(z.enum(POLL_DURATIONS, { error: `must be one of ${POLL_DURATIONS.join(', ')}` }), 'SEVEN_DAYS'),
});

const documentTitleSchema = boundedText(MEDIA_LIMITS.maxDocumentTitleCharacters, "LinkedIn's limit for a document title");

export const createPostSchema = z.strictObject({
  /**
   * The id the client made for this new post (a ULID): sent again after an answer that never came,
   * the same create returns the post it made instead of a second one (createPost). Its time part is
   * the client's clock, and is not checked: a device whose clock is off still saves its posts (only
   * the order of the All tab, by id, follows that clock).
   */
  id: z.optional(z.string().check(z.regex(POST_ID_PATTERN, 'must be a ULID (26 characters: digits and capital letters without I, L, O, U), made for this new post'))),
  content: postTextSchema,
  media: z.optional(mediaListSchema),
  poll: z.optional(z.nullable(pollSchema)),
  documentTitle: z.optional(z.nullable(documentTitleSchema)),
});
export type CreatePostInput = z.infer<typeof createPostSchema>;

/** PATCH: `content` as before; `media`, `poll` and `documentTitle` change only when present (null or [] removes). */
export const updatePostSchema = z.strictObject({
  content: postTextSchema,
  media: z.optional(mediaListSchema),
  poll: z.optional(z.nullable(pollSchema)),
  documentTitle: z.optional(z.nullable(documentTitleSchema)),
  /** Optional optimistic-concurrency guard: the version the client last saw. */
  version: z.optional(z.int({ error: 'must be a whole number' }).check(z.minimum(1, 'must be at least 1'))),
});
export type UpdatePostInput = z.infer<typeof updatePostSchema>;

export const MAX_PAGE_SIZE = 100;
export { DEFAULT_PAGE_SIZE } from './post-id';

/** A whole number from a query-string parameter, within [min, max]. */
export function queryInteger(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.pipe(
    z.string().check(z.regex(/^\d{1,9}$/, message)),
    z.transform(Number),
  ).check(z.refine((n) => n >= min && n <= max, message));
}

export const listPostsSchema = z
  .strictObject({
    status: z.optional(z.enum(POST_STATUSES, { error: `must be one of ${POST_STATUSES.join(', ')}` })),
    limit: z.optional(queryInteger(1, MAX_PAGE_SIZE)),
    cursor: z.optional(z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(2048, 'is too long'))),
    /** The calendar's range: posts whose sort time (due / published time) is in [from, to). */
    from: z.optional(instantSchema()),
    to: z.optional(instantSchema()),
  })
  .check(
    z.superRefine((query, ctx) => {
      for (const field of ['from', 'to'] as const) {
        if (query[field] !== undefined && query.status === undefined) {
          ctx.issues.push({ code: 'custom', input: query[field], path: [field], message: 'needs status (e.g. status=scheduled): a range is of due or published times' });
        }
      }
      if (query.from !== undefined && query.to !== undefined && Date.parse(query.from) >= Date.parse(query.to)) {
        ctx.issues.push({ code: 'custom', input: query.to, path: ['to'], message: 'must be after from' });
      }
    }),
  );
export type ListPostsInput = z.infer<typeof listPostsSchema>;

export { postIdSchema } from './post-id';
