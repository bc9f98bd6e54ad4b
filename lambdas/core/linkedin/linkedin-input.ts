import * as z from 'zod/mini';

/** POST /v1/linkedin/connect */
export const connectSchema = z.strictObject({
  returnTo: z.optional(z.string({ error: 'must be a string' }).check(z.minLength(1, 'must not be empty'), z.maxLength(2048, 'is too long'))),
});
export type ConnectInput = z.infer<typeof connectSchema>;

/** OAuth states are 256 random bits, hex. */
export const STATE_PATTERN = /^[0-9a-f]{64}$/;

/**
 * POST /v1/linkedin/complete: what LinkedIn's redirect brought to the web app.
 * LinkedIn documents no length for its codes (they run to a few hundred
 * characters); 4096 is the bound the callback accepts too.
 */
export const completeSchema = z.strictObject({
  code: z.string({ error: 'must be a string' }).check(z.minLength(1, 'must not be empty'), z.maxLength(4096, 'is too long')),
  state: z.string({ error: 'must be a string' }).check(z.regex(STATE_PATTERN, 'must be the state LinkedIn sent back (64 hexadecimal characters)')),
});
export type CompleteInput = z.infer<typeof completeSchema>;

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
