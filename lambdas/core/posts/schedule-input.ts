import * as z from 'zod/mini';
import { instantSchema } from '../instants';

/** POST /v1/posts/{id}/schedule */
export const scheduleSchema = z.strictObject({ scheduledAt: instantSchema() });
export type ScheduleInput = z.infer<typeof scheduleSchema>;

/** How soon and how far ahead a post may be scheduled. */
export const MIN_SCHEDULE_AHEAD_MS = 60_000;
export const MAX_SCHEDULE_AHEAD_DAYS = 365;
