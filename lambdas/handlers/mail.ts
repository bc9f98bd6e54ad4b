import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from './emf-metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { BUSINESS_EVENTS, METRICS } from '../contract/metric-names';
import { runDailyMailJobs, type DailyDeps } from '../core/mail/daily-mail-jobs';
import { takeIn, type IntakeDeps, type IntakeResult } from '../core/mail/mail-intake';
import { parseMailQueueMessage } from '../core/mail/mail-messages';
import { sendDueMails, type SendDeps, type SweepResult } from '../core/mail/send-mail';
import { lazyHandler } from './http/http-api';
import { logger, metrics, publishMetrics } from './powertools';
import { mailDeps } from '../wiring/aws/mail-deps';

/** What the schedules send the mail function: every minute `sweep` (send what is due), once a day `daily`. */
export interface MailJobEvent {
  job: 'sweep' | 'daily';
}
export type MailJobSummary = { job: 'sweep'; examined: number; backlog: number; sent: number } | { job: 'daily'; reminders: number; weekly: number };
export type MailWorkerDeps = SendDeps & IntakeDeps & DailyDeps;
export type MailWorker = {
  (event: SQSEvent, context: Context): Promise<SQSBatchResponse>;
  (event: MailJobEvent, context: Context): Promise<MailJobSummary>;
};

/**
 * The mail function: the mail queue (publishing events and SES notifications → the outbox and the
 * suppression list; Powertools batch processing, a record that fails is redelivered and ends in the DLQ),
 * the sender every minute, and the daily job. Nothing here can fail a publish: the publisher only ever put
 * an event on the bus.
 */
export function createMailWorker(deps: MailWorkerDeps): MailWorker {
  const processor = new BatchProcessor(EventType.SQS);
  const handleRecord = async (record: SQSRecord): Promise<void> => {
    report(await takeIn(deps, parseMailQueueMessage(record.body)));
  };
  const handler = async (event: SQSEvent | MailJobEvent, context: Context): Promise<SQSBatchResponse | MailJobSummary> => {
    if ('Records' in event) return processPartialResponse(event, handleRecord, processor, { context });
    if (event.job === 'daily') {
      const result = await runDailyMailJobs(deps);
      logger.info('daily mail jobs', result);
      return { job: 'daily', ...result };
    }
    return { job: 'sweep', ...reportSweep(await sendDueMails(deps)) };
  };
  return middy(handler)
    .use(injectLambdaContext(logger, { clearState: true, resetKeys: true }))
    .use(publishMetrics()) as unknown as MailWorker;
}

function report(result: IntakeResult): void {
  switch (result.kind) {
    case 'collected':
    case 'duplicate':
      logger.info(`mail entry ${result.kind}`, { userId: result.userId, entry: result.entry });
      return;
    case 'confirmed':
      logger.info('mail send confirmed by the provider', { mailId: result.mailId, known: result.known });
      return;
    case 'suppressed':
      metrics.addMetric(METRICS.mailsSuppressed, MetricUnit.Count, result.count);
      logger.warn('mail address suppressed', { count: result.count, reason: result.reason });
      return;
    case 'ignored':
      logger.info('mail queue message ignored', { reason: result.reason });
      return;
  }
}

function reportSweep(result: SweepResult): { examined: number; backlog: number; sent: number } {
  let sent = 0;
  for (const { userId, mailId, outcome } of result.outcomes) {
    const log = { userId, mailId };
    switch (outcome.kind) {
      case 'sent':
        sent++;
        logger.info(BUSINESS_EVENTS.mailSent, { ...log, providerId: outcome.providerId, resentAfterUnknownOutcome: outcome.resent });
        break;
      case 'skipped':
        logger.info('mail skipped', { ...log, reason: outcome.note });
        break;
      case 'retry':
        metrics.addMetric(METRICS.mailRetries, MetricUnit.Count, 1);
        logger.warn('mail send failed, will retry', { ...log, reason: outcome.note, retryAt: outcome.retryAt });
        break;
      case 'failed':
        metrics.addMetric(METRICS.mailsFailed, MetricUnit.Count, 1);
        logger.error('mail given up', { ...log, reason: outcome.note });
        break;
      case 'error':
        metrics.addMetric(METRICS.mailRetries, MetricUnit.Count, 1);
        logger.error('mail send broke, the claim lapses and it is tried again', { ...log, error: outcome.note });
        break;
      case 'busy':
        break;
    }
  }
  // Sent only when there is a backlog: the alarm reads a gap as no backlog (not breaching), and a 0 every minute would be billed as a whole metric a month.
  if (result.backlog > 0) metrics.addMetric(METRICS.mailBacklog, MetricUnit.Count, result.backlog);
  return { examined: result.examined, backlog: result.backlog, sent };
}

// The composition root imported statically, as in every handler: a dynamic import() would defeat tree shaking.
export const handler = lazyHandler(async () => createMailWorker(await mailDeps()));
