import * as z from 'zod/mini';
import { instantSchema } from '../instants';
import { EVERGREEN_APPROVALS, EVERGREEN_GAP_DAYS, MAX_SLOTS, WEEKDAYS } from '../../contract/api/queue';
import { POST_ID_PATTERN } from '../posts/post-id';

const slotSchema = z.strictObject({
  day: z.enum(WEEKDAYS, { error: `must be one of ${WEEKDAYS.join(', ')}` }),
  time: z.string({ error: 'must be a string' }).check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time such as 09:00 or 17:30')),
});

/** PUT /v1/me/schedule */
export const scheduleInputSchema = z.strictObject({
  slots: z
    .array(slotSchema, { error: 'must be a list of {day, time}' })
    .check(
      z.maxLength(MAX_SLOTS, `must have at most ${MAX_SLOTS} times`),
      z.superRefine((slots, ctx) => {
        const seen = new Set<string>();
        slots.forEach((slot, index) => {
          const key = `${slot.day} ${slot.time}`;
          if (seen.has(key)) ctx.issues.push({ code: 'custom', input: key, path: [index], message: `is ${key} a second time` });
          seen.add(key);
        });
      }),
    ),
  reslot: z.optional(z.boolean({ error: 'must be true or false' })),
});
export type ScheduleInput = z.infer<typeof scheduleInputSchema>;

const MAX_QUEUE_PAGE = 100;

/** GET /v1/queue?limit=&cursor= (query strings are text). */
export const queueListSchema = z.strictObject({
  limit: z.optional(
    z
      .string()
      // One check, so a value wrong in both ways (1000000) is said once.
      .check(z.refine((text) => /^\d{1,3}$/.test(text) && Number(text) >= 1 && Number(text) <= MAX_QUEUE_PAGE, `must be a whole number from 1 to ${MAX_QUEUE_PAGE}`)),
  ),
  cursor: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a cursor this API made; start again without it'))),
});
export type QueueListInput = z.infer<typeof queueListSchema>;
export const DEFAULT_QUEUE_PAGE = 20;

/** POST /v1/queue/reorder */
export const reorderSchema = z.strictObject({
  postId: z.string({ error: 'must be a post id' }).check(z.regex(POST_ID_PATTERN, 'is not a post id')),
  at: instantSchema(),
  /** The queued post the client saw at `at`, to swap with (else the one there is read). */
  swapWith: z.optional(z.string({ error: 'must be a post id' }).check(z.regex(POST_ID_PATTERN, 'is not a post id'))),
});
export type ReorderInput = z.infer<typeof reorderSchema>;

/** PUT /v1/posts/{id}/evergreen */
export const evergreenSchema = z.strictObject({
  gapDays: z
    .number({ error: 'must be a number of days' })
    .check(
      z.int('must be a whole number of days'),
      z.gte(EVERGREEN_GAP_DAYS.min, `must be at least ${EVERGREEN_GAP_DAYS.min} days`),
      z.lte(EVERGREEN_GAP_DAYS.max, `must be at most ${EVERGREEN_GAP_DAYS.max} days`),
    ),
  approval: z.enum(EVERGREEN_APPROVALS, { error: `must be one of ${EVERGREEN_APPROVALS.join(', ')}` }),
});
export type EvergreenInput = z.infer<typeof evergreenSchema>;
