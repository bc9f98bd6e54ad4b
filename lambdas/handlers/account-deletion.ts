import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from './emf-metrics';
import type { Context, ScheduledEvent, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { METRICS } from '../contract/metric-names';
import { reconcileDeletions, runDeletion, type DeletionWorkerDeps } from '../core/account-data/run-deletion';
import { parseInput } from '../core/validation';
import { lazyHandler } from './http/http-api';
import { logger, metrics, publishMetrics } from './powertools';
import { deletionDeps } from '../wiring/aws/deletion-deps';

/** What the deletion queue carries: whose job to run. */
const deletionMessageSchema = z.strictObject({ userId: z.string().check(z.minLength(1), z.maxLength(128)) });

export type DeletionWorkerEvent = SQSEvent | ScheduledEvent;
export type DeletionWorkerHandler = (event: DeletionWorkerEvent, context: Context) => Promise<SQSBatchResponse | { unfinished: number; restarted: number; overdue: number }>;

/**
 * The account-deletion worker, on two triggers:
 *  - the deletion queue (one job per record): runs the job as far as it goes;
 *    a job that must wait (a post being published, the in-flight window, this
 *    invocation's time) is sent again with the delay; anything unexpected fails
 *    the record, which SQS redelivers, then dead-letters (alarmed);
 *  - a schedule every few minutes: the reconciler, which re-drives jobs whose
 *    message or worker was lost and counts the overdue ones (alarmed).
 */
export function createDeletionWorker(deps: DeletionWorkerDeps): DeletionWorkerHandler {
  const processor = new BatchProcessor(EventType.SQS);
  const handleRecord = async (record: SQSRecord, context?: Context): Promise<void> => {
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      body = undefined;
    }
    const { userId } = parseInput(deletionMessageSchema, body, 'deletion message');
    const run = await runDeletion(deps, userId, context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {});
    switch (run.status) {
      case 'done':
        if (run.finishedNow) logger.info('account deleted', { userId, requestedAt: run.record.requestedAt, completedAt: run.record.completedAt });
        return;
      case 'waiting': {
        const delaySeconds = Math.max(0, (Date.parse(run.until) - deps.clock.now().getTime()) / 1000);
        logger.info('account deletion waits', { userId, step: run.step, reason: run.reason, until: run.until });
        await deps.queue.start(userId, { delaySeconds });
        return;
      }
      case 'none':
        logger.warn('no deletion recorded for this user; message dropped', { userId });
        return;
    }
  };
  const handler = async (event: DeletionWorkerEvent, context: Context) => {
    if ('Records' in event) return processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false });
    const result = await reconcileDeletions(deps);
    // Sent only when some are overdue: the alarm reads a gap as none overdue (not breaching), and a 0 every run would be billed as a whole metric a month.
    if (result.overdue > 0) {
      metrics.addMetric(METRICS.accountDeletionsOverdue, MetricUnit.Count, result.overdue);
      logger.error('account deletions overdue', result);
    } else logger.info('account deletions reconciled', result);
    return result;
  };
  return middy(handler)
    .use(injectLambdaContext(logger, { clearState: true, resetKeys: true }))
    .use(publishMetrics()) as unknown as DeletionWorkerHandler;
}

export const handler = lazyHandler(async () => {
  return createDeletionWorker(await deletionDeps((message, details) => logger.warn(message, details)));
});
