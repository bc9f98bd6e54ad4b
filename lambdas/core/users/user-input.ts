import * as z from 'zod/mini';

/** An IANA time zone the runtime knows (Europe/Paris, America/New_York, UTC …). */
export const timezoneSchema = z.string({ error: 'must be a string' }).check(
  z.refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris or America/New_York'),
);

export function isTimeZone(value: string): boolean {
  if (value.length === 0 || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** PATCH /v1/me: the settings a user may change themselves (tier is the operator's). */
export const updateMeSchema = z.strictObject({ timezone: timezoneSchema });
export type UpdateMeInput = z.infer<typeof updateMeSchema>;
