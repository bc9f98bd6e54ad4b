import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from './emf-metrics';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { METRICS } from '../contract/metric-names';
import { judgeRestoredTable, tableNameFromArn, type RestoreVerdict } from '../core/restore-validation';
import type { RestoredTableInspector, RestoreValidationReporter } from '../core/ports/restore-test';
import { lazyHandler } from './http/http-api';
import { logger, metrics, publishMetrics } from './powertools';
import { backupEventsDeps } from '../wiring/aws/backup-deps';

/** The part of AWS Backup's "Restore Job State Change" event the handler reads. */
export interface RestoreJobDetail {
  restoreJobId: string;
  status: string;
  resourceType?: string;
  createdResourceArn?: string;
  restoreTestingPlanArn?: string;
  statusMessage?: string;
}
export type RestoreJobEvent = EventBridgeEvent<'Restore Job State Change', RestoreJobDetail>;

/** The part of "Backup Job State Change" / "Copy Job State Change" events the handler reads. */
export interface JobDetail {
  state: string;
  backupJobId?: string;
  copyJobId?: string;
  resourceArn?: string;
  statusMessage?: string;
}
export type JobEvent = EventBridgeEvent<'Backup Job State Change' | 'Copy Job State Change', JobDetail>;
/** The daily EventBridge schedule (00:05 UTC). */
export type DailyWatchEvent = EventBridgeEvent<'Scheduled Event', unknown>;
export type BackupEvent = RestoreJobEvent | JobEvent | DailyWatchEvent;

export interface BackupEventsDeps {
  inspector: RestoredTableInspector;
  reporter: RestoreValidationReporter;
}

/** What the handler concluded, for the log and the tests. */
export type BackupEventOutcome = RestoreVerdict | { job: 'backup' | 'copy'; state: string } | { watch: 'daily' };

export type BackupEventsHandler = (event: BackupEvent, context: Context) => Promise<BackupEventOutcome>;

/**
 * AWS Backup's events for the table (EventBridge rules in the backup stack), turned into metrics the alarms watch:
 *  - a backup or copy job ends: BackupJobsCompleted (backups only) or BackupJobsFailed;
 *  - a restore job of the weekly restore-testing plan ends: a completed restore is
 *    inspected and judged (core/restore-validation.ts) and the verdict goes to
 *    AWS Backup, which shows it with the restore job and then deletes the
 *    restored table; RestoreTestsPassed or RestoreTestsFailed either way;
 *  - every day at 00:05 UTC: a 0 for BackupJobsCompleted and RestoreTestsPassed,
 *    so those daily series always have data and their alarms can tell "no backup
 *    today" (a 0 day) from "nobody is watching" (no data: INSUFFICIENT_DATA).
 */
export function createBackupEventsHandler(deps: BackupEventsDeps): BackupEventsHandler {
  const handle = async (event: BackupEvent): Promise<BackupEventOutcome> => {
    if (event['detail-type'] === 'Restore Job State Change') return validateRestore(deps, event.detail);
    if (event['detail-type'] === 'Scheduled Event') {
      metrics.addMetric(METRICS.backupJobsCompleted, MetricUnit.Count, 0);
      metrics.addMetric(METRICS.restoreTestsPassed, MetricUnit.Count, 0);
      return { watch: 'daily' };
    }
    return recordJob(event as JobEvent);
  };
  return middy(handle)
    .use(injectLambdaContext(logger, { clearState: true, resetKeys: true }))
    .use(publishMetrics()) as unknown as BackupEventsHandler;
}

function recordJob(event: JobEvent): BackupEventOutcome {
  const job = event['detail-type'] === 'Copy Job State Change' ? 'copy' : 'backup';
  const { state, statusMessage, resourceArn } = event.detail;
  const jobId = event.detail.backupJobId ?? event.detail.copyJobId;
  if (state === 'COMPLETED') {
    if (job === 'backup') metrics.addMetric(METRICS.backupJobsCompleted, MetricUnit.Count, 1);
    logger.info(`${job} job completed`, { jobId, resourceArn, statusMessage });
  } else {
    metrics.addMetric(METRICS.backupJobsFailed, MetricUnit.Count, 1);
    logger.error(`${job} job ended ${state}`, { jobId, resourceArn, statusMessage });
  }
  return { job, state };
}

async function validateRestore(deps: BackupEventsDeps, detail: RestoreJobDetail): Promise<RestoreVerdict> {
  logger.appendKeys({ restoreJobId: detail.restoreJobId });
  let verdict: RestoreVerdict;
  if (detail.status !== 'COMPLETED') {
    verdict = { status: 'FAILED', message: `The restore job ended ${detail.status}: ${detail.statusMessage ?? 'no message'}` };
  } else {
    const tableName = tableNameFromArn(detail.createdResourceArn ?? '');
    verdict = tableName
      ? await inspectAndJudge(deps, tableName)
      : { status: 'FAILED', message: `The restore job created ${detail.createdResourceArn ?? 'nothing'}, not a DynamoDB table.` };
    // Only a completed restore job takes a validation result.
    await deps.reporter.report(detail.restoreJobId, verdict.status, verdict.message);
  }
  metrics.addMetric(verdict.status === 'SUCCESSFUL' ? METRICS.restoreTestsPassed : METRICS.restoreTestsFailed, MetricUnit.Count, 1);
  if (verdict.status === 'SUCCESSFUL') logger.info('restore test passed', { message: verdict.message });
  else logger.error('restore test failed', { message: verdict.message });
  return verdict;
}

async function inspectAndJudge(deps: BackupEventsDeps, tableName: string): Promise<RestoreVerdict> {
  try {
    return judgeRestoredTable(await deps.inspector.inspect(tableName));
  } catch (error) {
    // An unreadable restored table is a failed test, reported as such, not a crash of the validator.
    return { status: 'FAILED', message: `Could not read restored table ${tableName}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export const handler = lazyHandler(async () => {
  return createBackupEventsHandler(await backupEventsDeps());
});
