/**
 * Objects a user owns that live outside the table (media files in S3, …): the
 * deletion job runs one eraser per kind, in its `stored-objects` step. Each
 * must be idempotent and safe to run again after a crash.
 */
export interface StoredObjectEraser {
  /** What it erases, for logs and the job's record ("media"). */
  kind: string;
  /** Erases every object of the user; 'more' when it stopped early (time) and must be run again. */
  eraseAll(userId: string): Promise<'done' | 'more'>;
}
