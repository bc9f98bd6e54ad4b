import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from './emf-metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { METRICS } from '../contract/metric-names';
import { parseQueueMessage } from '../core/publishing/publish-message';
import { publishScheduledPost, type PublishOutcome, type PublisherDeps } from '../core/publishing/publish-post';
import { releaseWaitingPosts } from '../core/publishing/waiting';
import { lazyHandler } from './http/http-api';
import { logger, metrics, publishMetrics } from './powertools';
import { publisherDeps } from '../wiring/aws/publishing-deps';

export type SqsBatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** Thrown for a record LinkedIn could not take yet: the batch reports it failed and SQS redelivers it after the visibility timeout. */
class RetryLater extends Error {
  override readonly name = 'RetryLater';
}

/**
 * The publisher: consumes the publish queue (Powertools batch processing with
 * partial failures), one post per record, records in parallel. A record fails
 * (and is redelivered) when LinkedIn asked us to come back later, or when
 * anything unexpected happened; one that keeps failing ends in the DLQ, which
 * is alarmed. Everything that can be decided ends the record: published,
 * failed with a reason the user sees, waiting for a reconnect, or ignored as
 * stale. A release record (the user reconnected LinkedIn) makes the user's
 * waiting posts due and queues each. An evergreen record is the evergreen
 * function's (its own queue since issue 15): one still in the publish queue
 * from before that deploy is handed on to the evergreen queue, unchanged.
 */
export function createPublisher(deps: PublisherDeps): SqsBatchHandler {
  const processor = new BatchProcessor(EventType.SQS);
  const handleRecord = async (record: SQSRecord, context?: Context): Promise<void> => {
    const message = parseQueueMessage(record.body);
    if ('kind' in message && message.kind === 'evergreen') {
      await deps.queue.send(message); // the evergreen queue (queueOf)
      logger.info('evergreen run handed on to the evergreen queue', { postId: message.postId, userId: message.userId, scheduledAt: message.scheduledAt });
      return;
    }
    if ('kind' in message) {
      const { released, kept } = await releaseWaitingPosts(deps, message.userId);
      logger.info('waiting posts released after a reconnect', { userId: message.userId, released: released.map((post) => post.id), keptWaiting: kept.length });
      return;
    }
    const log = { postId: message.postId, userId: message.userId, scheduledAt: message.scheduledAt, receiveCount: record.attributes.ApproximateReceiveCount };
    const outcome = await publishScheduledPost(deps, message, context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {});
    report(outcome, log);
    if (outcome.kind === 'retry') throw new RetryLater(outcome.reason);
  };
  const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    // A fully failed batch is returned, not thrown: "LinkedIn is busy" is not a function error.
    processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false });
  return middy(handler)
    .use(injectLambdaContext(logger, { clearState: true, resetKeys: true }))
    .use(publishMetrics()) as unknown as SqsBatchHandler;
}

function report(outcome: PublishOutcome, log: Record<string, unknown>): void {
  switch (outcome.kind) {
    case 'published':
      metrics.addMetric(METRICS.postsPublished, MetricUnit.Count, 1);
      metrics.addMetric(METRICS.publishDelay, MetricUnit.Seconds, outcome.delaySeconds);
      logger.info('post published', { ...log, linkedinUrn: outcome.post.linkedinUrn, duplicate: outcome.duplicate, delaySeconds: outcome.delaySeconds });
      return;
    case 'failed':
      metrics.addMetric(METRICS.postsFailed, MetricUnit.Count, outcome.posts.length);
      for (const post of outcome.posts) logger.warn('post failed', { ...log, postId: post.id, code: post.error?.code, reason: post.error?.message });
      return;
    case 'waiting':
      for (const post of outcome.posts) logger.info('post waiting for a LinkedIn reconnect', { ...log, postId: post.id });
      return;
    case 'retry':
      logger.warn('post released for a retry', { ...log, reason: outcome.reason });
      return;
    case 'processing':
      logger.info('LinkedIn is processing the media; looking again shortly', { ...log, detail: outcome.post.statusDetail, delaySeconds: outcome.delaySeconds });
      return;
    case 'deferred':
      logger.info('message early, sent again with a delay', { ...log, delaySeconds: outcome.delaySeconds });
      return;
    case 'ignored':
      logger.info('message ignored', { ...log, reason: outcome.reason });
      return;
  }
}

export const handler = lazyHandler(async () => {
  return createPublisher(await publisherDeps((message, details) => logger.warn(message, details)));
});
