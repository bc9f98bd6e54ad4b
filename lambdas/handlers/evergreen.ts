import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseQueueMessage } from '../core/publishing/publish-message';
import { runEvergreen, type EvergreenDeps } from '../core/queue/evergreen';
import { lazyHandler } from './http/http-api';
import { logger, publishMetrics } from './powertools';
import type { SqsBatchHandler } from './publisher';
import { evergreenDeps } from '../wiring/aws/evergreen-deps';

/**
 * The evergreen function: consumes the evergreen queue (Powertools batch
 * processing with partial failures), one evergreen post's run per record: an
 * AI rewrite of its text becomes a new draft, queued or left for the user to
 * approve, and its next run is scheduled (core/queue/evergreen.ts). Everything
 * decided ends the record (drafted, postponed with a reason the user sees,
 * ignored as stale); anything unexpected fails it, and SQS redelivers it; one
 * that keeps failing ends in the evergreen DLQ, which is alarmed. A message of
 * another kind is a bug upstream: it fails, and ends there too.
 */
export function createEvergreenWorker(deps: EvergreenDeps): SqsBatchHandler {
  const processor = new BatchProcessor(EventType.SQS);
  const handleRecord = async (record: SQSRecord): Promise<void> => {
    const message = parseQueueMessage(record.body);
    if (!('kind' in message) || message.kind !== 'evergreen') throw new Error('The evergreen queue carries evergreen runs only');
    const outcome = await runEvergreen(deps, message);
    logger.info('evergreen run', {
      postId: message.postId,
      userId: message.userId,
      scheduledAt: message.scheduledAt,
      receiveCount: record.attributes.ApproximateReceiveCount,
      outcome: outcome.kind,
      ...(outcome.kind === 'drafted' ? { draftId: outcome.draft.id, queued: outcome.queued } : {}),
      ...(outcome.kind === 'postponed' ? { problem: outcome.problem } : {}),
      ...(outcome.kind === 'ignored' ? { reason: outcome.reason } : {}),
    });
  };
  const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false });
  return middy(handler)
    .use(injectLambdaContext(logger, { clearState: true, resetKeys: true }))
    .use(publishMetrics()) as unknown as SqsBatchHandler;
}

export const handler = lazyHandler(async () => {
  return createEvergreenWorker(await evergreenDeps((message, details) => logger.warn(message, details)));
});
