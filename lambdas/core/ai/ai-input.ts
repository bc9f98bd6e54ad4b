import * as z from 'zod/mini';
import { contentSchema } from '../posts/post-input';
import { DRAFT_LENGTHS, MAX_VARIANTS, VOICE_LIMITS, type DraftsInput, type RewriteInput } from '../../contract/api/ai';
import { countCharacters } from '../../contract/api/posts';


/** Trimmed text of `min`–`max` characters (code points, as the composer counts). */
function text(min: number, max: number) {
  return z
    .pipe(
      z.string({ error: 'must be a string' }),
      z.transform((value: string) => value.trim()),
    )
    .check(
      z.superRefine((value, ctx) => {
        const length = countCharacters(value);
        if (length < min) {
          const message = min === 1 ? 'must not be empty' : `must be at least ${min} characters (it is ${length})`;
          ctx.issues.push({ code: 'custom', input: value, message });
        } else if (length > max) {
          ctx.issues.push({ code: 'custom', input: value, message: `must be at most ${max} characters after trimming (it is ${length})` });
        }
      }),
    );
}

/** A language name or code: "English", "français", "fr", "pt-BR", "es-419". */
const languageSchema = z
  .pipe(
    z.string({ error: 'must be a string' }),
    z.transform((value: string) => value.trim()),
  )
  .check(z.regex(/^\p{L}[\p{L}\p{M}\d ()-]{1,39}$/u, 'must be a language name or code such as "English", "fr" or "pt-BR"'));

export const draftsSchema = z.strictObject({
  /** What the post is about: a sentence, notes, an idea. */
  topic: text(3, 500),
  /** Free text: "confident", "playful", "humble and practical". */
  tone: z.optional(text(1, 60)),
  /** Who should care: "engineering managers at startups". */
  audience: z.optional(text(1, 200)),
  length: z.optional(z.enum(DRAFT_LENGTHS, { error: `must be one of ${DRAFT_LENGTHS.join(', ')}` })),
  variants: z.optional(
    z.int({ error: `must be a whole number from 1 to ${MAX_VARIANTS}` }).check(z.refine((n) => n >= 1 && n <= MAX_VARIANTS, `must be a whole number from 1 to ${MAX_VARIANTS}`)),
  ),
  language: z.optional(languageSchema),
});
/** The schema yields exactly the contract's shape (a compile error here means the two drifted). */
const draftsMatchContract: SameType<z.infer<typeof draftsSchema>, DraftsInput> = true;

export const rewriteSchema = z.strictObject({
  /** The draft to improve: a post's content, 1–10,000 characters (a draft may run over LinkedIn's 3,000; the result fits it). */
  content: contentSchema,
  /** What to change: "shorter", "more personal", "add a call to action". */
  instruction: text(2, 300),
});
const rewriteMatchesContract: SameType<z.infer<typeof rewriteSchema>, RewriteInput> = true;
void draftsMatchContract;
void rewriteMatchesContract;

/**
 * PUT /v1/me/voice replaces the stored voice: an absent field is stored empty
 * (no style profile, no examples), so the body says everything there is.
 */
export const voiceSchema = z.strictObject({
  styleProfile: z.optional(
    z.nullable(
      z
        .pipe(
          text(0, VOICE_LIMITS.styleProfileCharacters),
          z.transform((value: string) => (value === '' ? null : value)),
        ),
    ),
  ),
  examples: z.optional(
    z.array(text(1, VOICE_LIMITS.exampleCharacters), { error: 'must be a list of example posts (strings)' }).check(
      z.maxLength(VOICE_LIMITS.examples, `must hold at most ${VOICE_LIMITS.examples} example posts`),
    ),
  ),
});
export type VoiceInput = z.infer<typeof voiceSchema>;

type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
