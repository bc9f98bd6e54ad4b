import { z } from 'zod';
import { MAX_CONTENT_CHARACTERS, POST_STATUSES, countCharacters } from './post';

/** Post content: trimmed, 1–3000 characters (code points, as the composer counts). */
export const contentSchema = z
  .string({ error: 'must be a string' })
  .transform((text) => text.trim())
  .check((ctx) => {
    const length = countCharacters(ctx.value);
    if (length === 0) {
      ctx.issues.push({ code: 'custom', input: ctx.value, message: 'must not be empty' });
    } else if (length > MAX_CONTENT_CHARACTERS) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `must be at most ${MAX_CONTENT_CHARACTERS} characters after trimming (it is ${length}); LinkedIn cuts longer posts`,
      });
    }
  });

export const createPostSchema = z.strictObject({ content: contentSchema });
export type CreatePostInput = z.infer<typeof createPostSchema>;

export const updatePostSchema = z.strictObject({
  content: contentSchema,
  /** Optional optimistic-concurrency guard: the version the client last saw. */
  version: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').optional(),
});
export type UpdatePostInput = z.infer<typeof updatePostSchema>;

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export const listPostsSchema = z.strictObject({
  status: z.enum(POST_STATUSES, { error: `must be one of ${POST_STATUSES.join(', ')}` }).optional(),
  limit: z
    .string()
    .regex(/^\d+$/, `must be a whole number from 1 to ${MAX_PAGE_SIZE}`)
    .transform(Number)
    .pipe(z.number().min(1, `must be from 1 to ${MAX_PAGE_SIZE}`).max(MAX_PAGE_SIZE, `must be from 1 to ${MAX_PAGE_SIZE}`))
    .optional(),
  cursor: z.string().min(1, 'must not be empty').max(2048, 'is too long').optional(),
});
export type ListPostsInput = z.infer<typeof listPostsSchema>;

/** Post ids are ULIDs: 26 Crockford base-32 characters. Anything else cannot exist. */
export const postIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'is not a post id');
