import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { RunbookAlarmProps } from '../constructs/runbook-alarm';
import { FIVE_MINUTES } from './metrics';

/** How missing data counts for a queue's own metrics. */
export const EMPTY_QUEUE = {
  treat: cloudwatch.TreatMissingData.NOT_BREACHING,
  why: 'SQS stops reporting an idle, empty queue; a queue holding messages always reports.',
};

/** The rule every dead-letter queue's alarm follows: one message in it, within 5 minutes, notifies. */
export function deadLetterAlarm(queue: sqs.IQueue): Pick<RunbookAlarmProps, 'metric' | 'threshold' | 'comparisonOperator' | 'evaluationPeriods' | 'missingData' | 'severity'> {
  return {
    metric: queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    missingData: EMPTY_QUEUE,
    severity: 'notify',
  };
}
