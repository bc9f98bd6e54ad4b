import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { METRICS } from '../core/metric-names';
import { judgeRestoredTable, tableNameFromArn, type RestoreVerdict } from '../core/restore-validation';
import type { RestoredTableInspector, RestoreValidationReporter } from '../ports/restore-test';
import { lazyHandler } from './http/http-api';
import { logger, metrics } from './powertools';

/** The part of AWS Backup's "Restore Job State Change" event the validator reads. */
export interface RestoreJobDetail {
  restoreJobId: string;
  status: string;
  resourceType?: string;
  createdResourceArn?: string;
  restoreTestingPlanArn?: string;
  statusMessage?: string;
}
export type RestoreJobEvent = EventBridgeEvent<'Restore Job State Change', RestoreJobDetail>;

export interface RestoreValidatorDeps {
  inspector: RestoredTableInspector;
  reporter: RestoreValidationReporter;
}

export type RestoreValidatorHandler = (event: RestoreJobEvent, context: Context) => Promise<RestoreVerdict>;

/**
 * Runs when a restore job of the weekly restore-testing plan ends (EventBridge
 * rule on COMPLETED, FAILED and ABORTED). A completed restore is inspected and
 * judged (core/restore-validation.ts), and the verdict goes to AWS Backup,
 * which shows it with the restore job and then deletes the restored table.
 * Every outcome is a metric: RestoreTestsPassed feeds the "no good restore test
 * this week" alarm, RestoreTestsFailed the "restore test failed" alarm.
 */
export function createRestoreValidator(deps: RestoreValidatorDeps): RestoreValidatorHandler {
  const validate = async (event: RestoreJobEvent): Promise<RestoreVerdict> => {
    const detail = event.detail;
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
  };
  return middy(validate)
    .use(injectLambdaContext(logger, { clearState: true, resetKeys: true }))
    .use(logMetrics(metrics)) as unknown as RestoreValidatorHandler;
}

async function inspectAndJudge(deps: RestoreValidatorDeps, tableName: string): Promise<RestoreVerdict> {
  try {
    return judgeRestoredTable(await deps.inspector.inspect(tableName));
  } catch (error) {
    // An unreadable restored table is a failed test, reported as such, not a crash of the validator.
    return { status: 'FAILED', message: `Could not read restored table ${tableName}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export const handler = lazyHandler(async () => {
  const { restoreValidatorDeps } = await import('../adapters/aws/aws-deps');
  return createRestoreValidator(await restoreValidatorDeps());
});
