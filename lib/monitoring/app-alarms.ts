import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { DELETION_OVERDUE_MINUTES } from '@lambdas/core/account-data/deletion-step-names';
import { METRICS } from '@contract/metric-names';
import type { RunbookAlarm, RunbookAlarmProps } from '../constructs/runbook-alarm';
import { appMetric } from './metrics';
import { deadLetterAlarm } from './dead-letters';
import { THRESHOLDS } from './thresholds';

const { GREATER_THAN_OR_EQUAL_TO_THRESHOLD: GTE, LESS_THAN_THRESHOLD: LT } = cloudwatch.ComparisonOperator;
const { NOT_BREACHING, MISSING } = cloudwatch.TreatMissingData;

/** An alarm as the monitoring stack adds it: named `<prefix>-<name>`, linked to its runbook entry. */
export type AlarmSpec = Omit<RunbookAlarmProps, 'runbookUrl' | 'alarmName'> & { name: string };
export type AddAlarm = (id: string, spec: AlarmSpec) => RunbookAlarm;

/** OpenAI failures and the circuit breaker (notify only: writing and publishing keep working). */
export function aiAlarms(add: AddAlarm): void {
  const quiet = { treat: NOT_BREACHING, why: 'no AI requests means no AI failures.' };
  add('AiFailures', {
    name: 'ai-failures',
    anchor: 'ai-failures',
    summary: `${THRESHOLDS.aiFailuresPer5Min} or more OpenAI calls failed in 5 minutes: users get AI_UNAVAILABLE. OpenAI is down, slow, or refuses the key or the quota.`,
    // One series for every reason (lambdas/handlers/ai-telemetry.ts); the reasons are in the log lines.
    metric: appMetric(METRICS.aiFailures, 'Sum', Duration.minutes(5)),
    threshold: THRESHOLDS.aiFailuresPer5Min,
    comparisonOperator: GTE,
    evaluationPeriods: 1,
    missingData: quiet,
    severity: 'notify',
  });
  add('AiBreakerOpen', {
    name: 'ai-breaker-open',
    anchor: 'ai-breaker-open',
    summary: 'The OpenAI circuit breaker opened: after repeated failures the AI function stopped calling OpenAI for a while and answers 503 AI_UNAVAILABLE at once.',
    metric: appMetric(METRICS.aiBreakerOpen, 'Maximum'),
    threshold: 1,
    comparisonOperator: GTE,
    evaluationPeriods: 1,
    missingData: quiet,
    severity: 'notify',
  });
}


/** Backups and restore tests, watched daily; silence is a finding (INSUFFICIENT_DATA emails). */
export function backupAlarms(add: AddAlarm, notify: sns.ITopic): void {
  const blind = 'the backup-events function writes a 0 every day, so no data means that daily watch stopped: INSUFFICIENT_DATA emails.';
  const daily = Duration.days(1);
  add('BackupFailed', {
    name: 'backup-failed',
    anchor: 'backup-failed',
    summary: 'An AWS Backup job (or its cross-region copy) of the table failed, was aborted or expired in the last hour.',
    metric: appMetric(METRICS.backupJobsFailed, 'Sum', Duration.hours(1)),
    threshold: 1,
    comparisonOperator: GTE,
    evaluationPeriods: 1,
    missingData: { treat: NOT_BREACHING, why: 'no failure reported is no failure.' },
    severity: 'notify',
  });
  add('BackupMissing', {
    name: 'backup-missing',
    anchor: 'backup-missing',
    summary: `No AWS Backup job of the table completed for ${THRESHOLDS.backupMissingDays} days (UTC) running; the plan makes one every day.`,
    metric: appMetric(METRICS.backupJobsCompleted, 'Sum', daily),
    threshold: 1,
    comparisonOperator: LT,
    evaluationPeriods: THRESHOLDS.backupMissingDays,
    missingData: { treat: MISSING, why: blind },
    severity: 'notify',
  }).alarm.addInsufficientDataAction(new SnsAction(notify));
  add('RestoreTestFailed', {
    name: 'restore-test-failed',
    anchor: 'restore-test-failed',
    summary: 'The weekly restore test failed: the latest backup did not restore, or the restored table failed validation. The backup may not be usable.',
    metric: appMetric(METRICS.restoreTestsFailed, 'Sum', Duration.hours(1)),
    threshold: 1,
    comparisonOperator: GTE,
    evaluationPeriods: 1,
    missingData: { treat: NOT_BREACHING, why: 'no failure reported is no failure.' },
    severity: 'notify',
  });
  add('RestoreTestOverdue', {
    name: 'restore-test-overdue',
    anchor: 'restore-test-overdue',
    summary: `No restore test passed in ${THRESHOLDS.restoreTestOverdueDays} days (UTC) running, although one runs every Monday: nobody knows whether the backups restore.`,
    metric: appMetric(METRICS.restoreTestsPassed, 'Sum', daily),
    threshold: 1,
    comparisonOperator: LT,
    evaluationPeriods: THRESHOLDS.restoreTestOverdueDays,
    missingData: { treat: MISSING, why: blind },
    severity: 'notify',
  }).alarm.addInsufficientDataAction(new SnsAction(notify));
}

/** What the monitoring stack watches of account deletion (the API stack's AccountDeletion construct). */
export interface AccountDeletionMonitoring {
  deadLetterQueue: sqs.IQueue;
}

/** Account deletions that do not finish: a legal promise is at stake, so the operator hears of it (notify). */
export function accountDeletionAlarms(add: AddAlarm, deletion: AccountDeletionMonitoring): void {
  add('AccountDeletionOverdue', {
    name: 'account-deletion-overdue',
    anchor: 'account-deletion-overdue',
    summary:
      `An account deletion is still unfinished ${DELETION_OVERDUE_MINUTES} minutes after the user asked for it (counted by the deletion reconciler every ` +
      '5 minutes): some of their data, their API key or their sign-in identity may still exist.',
    metric: appMetric(METRICS.accountDeletionsOverdue, 'Maximum'),
    threshold: 1,
    comparisonOperator: GTE,
    evaluationPeriods: 1,
    missingData: { treat: NOT_BREACHING, why: 'the reconciler reports every run, 0 included; one that fails to run is the account-deletion errors alarm\'s to catch.' },
    severity: 'notify',
  });
  add('AccountDeletionDeadLetters', {
    name: 'account-deletion-dlq',
    anchor: 'account-deletion-dlq',
    summary: 'A deletion job failed 5 runs in a row and its message is in the dead-letter queue (the reconciler keeps retrying it; the cause needs a look).',
    ...deadLetterAlarm(deletion.deadLetterQueue),
  });
}
