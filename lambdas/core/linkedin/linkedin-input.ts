import * as z from 'zod/mini';

/** POST /v1/linkedin/connect */
export const connectSchema = z.strictObject({
  returnTo: z.optional(z.string({ error: 'must be a string' }).check(z.minLength(1, 'must not be empty'), z.maxLength(2048, 'is too long'))),
});
export type ConnectInput = z.infer<typeof connectSchema>;

/**
 * GET /v1/linkedin/callback's query, as LinkedIn sends it: `code` and `state`,
 * or `error`, `error_description` and `state`. Not strict, unlike every other
 * input: this request comes from LinkedIn through the user's browser, LinkedIn
 * may add parameters, and whatever arrives, the answer is a redirect back to the
 * app with a message (a JSON 400 would strand the user on a blank page).
 */
export const callbackSchema = z.object({
  code: z.optional(z.string().check(z.maxLength(4096))),
  state: z.optional(z.string().check(z.maxLength(256))),
  error: z.optional(z.string().check(z.maxLength(256))),
  error_description: z.optional(z.string().check(z.maxLength(2048))),
});
export type CallbackQuery = z.infer<typeof callbackSchema>;

/** OAuth states are 256 random bits, hex. */
export const STATE_PATTERN = /^[0-9a-f]{64}$/;
