import type { DeletionRecord } from '../ports/account-deletion-store';
import type { DeletionQueue } from '../ports/deletion-queue';
import { DELETION_OVERDUE_MINUTES, DELETION_STALE_MINUTES, DELETION_STEP_NAMES, type DeletionStepName } from './deletion-step-names';
import { DELETION_STEPS, type DeletionDeps } from './deletion-steps';

export type DeletionRun =
  | { status: 'done'; record: DeletionRecord; finishedNow: boolean }
  /** A step asked to be run again at `until` (a lease, the in-flight window, or this invocation's time). */
  | { status: 'waiting'; until: string; step: DeletionStepName; reason: string }
  /** No deletion is recorded for this user. */
  | { status: 'none' };

export interface RunOptions {
  /** Milliseconds the invocation has left (Lambda's context); unbounded by default. */
  remainingMs?: () => number;
}

/**
 * Runs (or resumes) the user's deletion job: each step not yet recorded as
 * done, in order, recording each as it ends, then the record is marked done.
 * A crash between any two lines leaves a record from which the next run
 * carries on (a step whose end was not recorded runs again: every step is
 * idempotent), and running a finished job again changes nothing.
 */
export async function runDeletion(deps: DeletionDeps, userId: string, options: RunOptions = {}): Promise<DeletionRun> {
  const record = await deps.records.get(userId);
  if (!record) return { status: 'none' };
  if (record.status === 'done') return { status: 'done', record, finishedNow: false };
  const remainingMs = options.remainingMs ?? (() => Number.POSITIVE_INFINITY);
  for (const step of DELETION_STEP_NAMES) {
    if (record.steps[step]) continue;
    const result = await DELETION_STEPS[step]({ deps, record, remainingMs });
    if (result.status === 'wait') {
      await deps.records.resumeAt(userId, result.until);
      return { status: 'waiting', until: result.until, step, reason: result.reason };
    }
    const at = deps.clock.now().toISOString();
    await deps.records.completeStep(userId, step, at);
    record.steps[step] = at;
  }
  const completedAt = deps.clock.now().toISOString();
  await deps.records.finish(userId, completedAt);
  return { status: 'done', record: { ...record, status: 'done', completedAt, apiKey: null, resumeAt: null }, finishedNow: true };
}

/** What the deletion worker runs jobs with: the steps' ports, and the queue a waiting job is put back on. */
export type DeletionWorkerDeps = DeletionDeps & { queue: DeletionQueue };

export interface ReconcileDeps {
  records: DeletionDeps['records'];
  queue: DeletionQueue;
  clock: DeletionDeps['clock'];
}

/** Jobs looked at per reconciler run (oldest first); deletions are rare, so this is far more than a run ever finds. */
const RECONCILE_BATCH = 100;

/**
 * The safety net behind the queue (every few minutes): starts again every
 * unfinished job that is due to resume or whose record has not moved for a
 * while (its message or its worker was lost), and counts the overdue ones
 * for the alarm.
 */
export async function reconcileDeletions(deps: ReconcileDeps): Promise<{ unfinished: number; restarted: number; overdue: number }> {
  const now = deps.clock.now().getTime();
  const unfinished = await deps.records.unfinished(RECONCILE_BATCH);
  let restarted = 0;
  let overdue = 0;
  for (const record of unfinished) {
    if (now - Date.parse(record.requestedAt) > DELETION_OVERDUE_MINUTES * 60_000) overdue++;
    const resumeDue = record.resumeAt !== null && Date.parse(record.resumeAt) <= now;
    const stale = now - Date.parse(record.updatedAt) > DELETION_STALE_MINUTES * 60_000;
    if (!resumeDue && !stale) continue;
    await deps.queue.start(record.userId);
    restarted++;
  }
  return { unfinished: unfinished.length, restarted, overdue };
}
