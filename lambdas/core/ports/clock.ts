/** The one source of "now", so tests can move time (quota resets, schedules, leases). */
export interface Clock {
  now(): Date;
}
