/**
 * The steps of an account's deletion job, in the order they run. Each is
 * idempotent and recorded when done, so a job that crashes anywhere is finished
 * by the next run (the queue's retry, or the reconciler), and running a step
 * twice is harmless. What each does: account-data/deletion-steps.ts.
 */
export const DELETION_STEP_NAMES = [
  'identity',
  'sessions',
  'user-data',
  'elsewhere',
  'stored-objects',
  'api-key',
  'sessions-again',
  'final-sweep',
] as const;
export type DeletionStepName = (typeof DELETION_STEP_NAMES)[number];

/**
 * Seconds the last sweep waits after the authorizer cache was flushed the second
 * time: any request already past the gateway then has finished (API Gateway
 * gives an integration 29 s, the slowest API function has 25 s), and a write
 * it made anyway (a usage counter) is swept.
 */
export const IN_FLIGHT_SECONDS = 60;

/** A job unfinished this long after it was asked for counts as overdue (metric and alarm). */
export const DELETION_OVERDUE_MINUTES = 60;

/** The reconciler re-drives a job whose record has not moved for this long (its message or worker was lost). */
export const DELETION_STALE_MINUTES = 10;
