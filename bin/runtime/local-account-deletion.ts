import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Clock } from '@lambdas/core/ports/clock';
import type { DeletionQueue } from '@lambdas/core/ports/deletion-queue';
import type { DeletionWorkerHandler } from '@lambdas/handlers/account-deletion';
import { lambdaContext, scheduledEvent } from './proxy-event';

export interface LocalAccountDeletionOptions {
  /** Real-time milliseconds between ticks; 0: no timer, the caller calls step(). */
  tickMs?: number;
  /** Clock-time minutes between reconciler runs (its EventBridge rule in AWS). */
  reconcileEveryMinutes?: number;
  /** Clock-time seconds before a failed run is tried again (the queue's visibility timeout). */
  retryAfterSeconds?: number;
}

/** The deletion worker's timeout in AWS (lib/constructs/account-deletion.ts): local runs get the same budget. */
export const DELETION_WORKER_TIMEOUT_MS = 120_000;

/**
 * The local twin of the deletion queue and the worker's schedule: jobs wait
 * here until their (clock) time, then the same worker handler as in Lambda
 * runs them from an SQS-shaped event; a failed record comes back after the
 * retry delay, and the reconciler runs every few clock minutes. Like the
 * publishing twins, it judges time by the injected clock, so tests move time.
 */
export class LocalAccountDeletion implements DeletionQueue {
  private readonly due = new Map<string, number>();
  private worker: DeletionWorkerHandler | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private nextReconcileAt = 0;

  constructor(
    private readonly clock: Clock,
    private readonly options: LocalAccountDeletionOptions,
    private readonly log: (line: string) => void,
  ) {}

  setWorker(worker: DeletionWorkerHandler): void {
    this.worker = worker;
  }

  async start(userId: string, options: { delaySeconds?: number } = {}): Promise<void> {
    const at = this.clock.now().getTime() + Math.min(900, Math.max(0, options.delaySeconds ?? 0)) * 1000;
    this.due.set(userId, Math.min(at, this.due.get(userId) ?? Number.POSITIVE_INFINITY));
    if ((this.options.tickMs ?? 1_000) > 0) setImmediate(() => void this.tick());
  }

  /** Users whose job waits in the queue, and when it is due (tests look). */
  pending(): { userId: string; at: string }[] {
    return [...this.due].map(([userId, at]) => ({ userId, at: new Date(at).toISOString() }));
  }

  begin(): void {
    const tickMs = this.options.tickMs ?? 1_000;
    if (tickMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), tickMs);
    this.timer.unref();
  }

  /** Runs what is due (and the reconciler when its time has come); runs never overlap. */
  tick(): Promise<void> {
    this.running ??= this.step()
      .catch((error: unknown) => this.log(`[deletion] tick failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** One pass, awaited: tests drive the queue with it. */
  async step(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const now = this.clock.now().getTime();
    for (const [userId, at] of [...this.due]) {
      if (at > now) continue;
      this.due.delete(userId);
      const response = (await worker(sqsEvent(userId, now), context())) as SQSBatchResponse;
      if (response.batchItemFailures.length > 0) {
        this.log(`[deletion] the job of ${userId} failed; it runs again in ${this.options.retryAfterSeconds ?? 30} s`);
        await this.start(userId, { delaySeconds: this.options.retryAfterSeconds ?? 30 });
      }
    }
    if (now >= this.nextReconcileAt) {
      this.nextReconcileAt = now + (this.options.reconcileEveryMinutes ?? 5) * 60_000;
      await worker(scheduledEvent(new Date(now), 'mark0-local-deletion-reconciler'), context());
    }
  }

  /** Runs jobs (and their resumptions) until none is due at the clock's present time. */
  async settle(): Promise<void> {
    await this.running;
    for (let rounds = 0; rounds < 20; rounds++) {
      const now = this.clock.now().getTime();
      if (![...this.due.values()].some((at) => at <= now)) return;
      await this.step();
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

function context(): Context {
  return lambdaContext('mark0-account-deletion', DELETION_WORKER_TIMEOUT_MS);
}

function sqsEvent(userId: string, now: number): SQSEvent {
  return {
    Records: [
      {
        messageId: `local-${userId}-${now}`,
        receiptHandle: 'local',
        body: JSON.stringify({ userId }),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(now),
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: String(now),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:local:000000000000:mark0-local-deletion',
        awsRegion: 'local',
      },
    ],
  };
}
