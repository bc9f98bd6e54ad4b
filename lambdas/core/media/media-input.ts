import * as z from 'zod/mini';
import { MEDIA_KINDS, MEDIA_LIMITS, MEDIA_RULES, formatBytes, tooLargeMessage, wrongTypeMessage, type MediaKind } from '../../contract/api/media';
import { countCharacters } from '../../contract/api/posts';

/**
 * POST /v1/media: what the client says it will upload. Type and size are
 * judged here against LinkedIn's limits, before a byte is sent; the bytes are
 * judged on complete.
 */
export const createMediaSchema = z
  .strictObject({
    kind: z.enum(MEDIA_KINDS, { error: `must be one of ${MEDIA_KINDS.join(', ')}` }),
    contentType: z.pipe(
      z.string({ error: 'must be a string such as image/jpeg' }).check(z.maxLength(200, 'is too long')),
      z.transform((value: string) => value.trim().toLowerCase()),
    ),
    size: z.int({ error: 'must be the file size in bytes (a whole number)' }).check(z.minimum(1, 'must be at least 1 byte')),
    fileName: z.pipe(
      z.string({ error: 'must be a string' }),
      z.transform((value: string) => value.trim()),
    ).check(
      z.refine((value) => value.length > 0, 'must not be empty'),
      z.refine((value) => countCharacters(value) <= MEDIA_LIMITS.maxFileNameCharacters, `must be at most ${MEDIA_LIMITS.maxFileNameCharacters} characters`),
      // eslint-disable-next-line no-control-regex
      z.refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'must not contain control characters'),
    ),
  })
  .check(
    z.superRefine((input, ctx) => {
      const rules = MEDIA_RULES[input.kind as MediaKind];
      if (!Object.hasOwn(rules.contentTypes, input.contentType)) {
        ctx.issues.push({ code: 'custom', input: input.contentType, path: ['contentType'], message: wrongTypeMessage(input.kind, input.contentType) });
      }
      if (input.size > rules.maxBytes) ctx.issues.push({ code: 'custom', input: input.size, path: ['size'], message: tooLargeMessage(input.kind, input.size) });
      if (input.kind === 'video' && input.size < MEDIA_LIMITS.minVideoBytes) {
        ctx.issues.push({ code: 'custom', input: input.size, path: ['size'], message: `This file is ${formatBytes(input.size)}; LinkedIn takes videos from ${formatBytes(MEDIA_LIMITS.minVideoBytes)}.` });
      }
    }),
  );
export type CreateMediaInput = z.infer<typeof createMediaSchema>;
