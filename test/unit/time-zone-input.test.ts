import { describe, expect, it } from 'vitest';
import { updateMeSchema } from '@lambdas/core/users/user-input';

// The web app offers and saves zones by their current IANA names (web/src/time/zone-names.ts): the API must take them, and the old ones it saved before.
describe('PATCH /v1/me time zone', () => {
  it.each(['Asia/Kolkata', 'Europe/Kyiv', 'Asia/Ho_Chi_Minh', 'America/Nuuk', 'Asia/Kathmandu', 'Asia/Yangon', 'Atlantic/Faroe', 'Pacific/Pohnpei', 'Pacific/Chuuk', 'Pacific/Kanton', 'America/Argentina/Buenos_Aires', 'Asia/Calcutta', 'Europe/Kiev'])(
    'takes %s',
    (timezone) => {
      expect(updateMeSchema.safeParse({ timezone }).success).toBe(true);
    },
  );
});
