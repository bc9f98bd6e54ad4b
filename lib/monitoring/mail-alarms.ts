import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { METRICS } from '@contract/metric-names';
import type { AddAlarm } from './app-alarms';
import { appMetric } from './metrics';
import { deadLetterAlarm } from './dead-letters';
import { THRESHOLDS } from './thresholds';

const { GREATER_THAN_OR_EQUAL_TO_THRESHOLD: GTE, GREATER_THAN_THRESHOLD: GT } = cloudwatch.ComparisonOperator;
const { NOT_BREACHING } = cloudwatch.TreatMissingData;

/** What the monitoring stack watches of the mail stack (its function is watched with the others). */
export interface MailMonitoring {
  deadLetterQueue: sqs.IQueue;
  configurationSetName: string;
}

/** Mail to users: given up, stuck, dead-lettered, and SES's reputation before AWS reviews the account. */
export function mailAlarms(add: AddAlarm, mail: MailMonitoring | undefined): void {
  add('MailFailed', {
    name: 'mail-failed',
    anchor: 'mail-failed',
    summary: 'A mail to a user was given up in the last hour: the provider refused it for good, or it still failed after every retry. The user was not told something they should know.',
    metric: appMetric(METRICS.mailsFailed, 'Sum', Duration.hours(1)),
    threshold: 1,
    comparisonOperator: GTE,
    evaluationPeriods: 1,
    missingData: { treat: NOT_BREACHING, why: 'the sender reports a failure only when one happens.' },
    severity: 'notify',
  });
  add('MailBacklog', {
    name: 'mail-backlog',
    anchor: 'mail-backlog',
    summary: `Mails have been due for more than 15 minutes and are still not sent, in three 5-minute windows running: SES refuses or is throttling, or the sender keeps failing.`,
    metric: appMetric(METRICS.mailBacklog, 'Maximum'),
    threshold: 0,
    comparisonOperator: GT,
    evaluationPeriods: 3,
    missingData: { treat: NOT_BREACHING, why: 'the sweep writes the backlog every minute; its own failures are the mail function\'s error alarm.' },
    severity: 'notify',
  });
  if (!mail) return;
  add('MailDlq', {
    name: 'mail-dlq',
    anchor: 'mail-dlq',
    summary: 'The mail dead-letter queue is not empty: a publishing event or an SES notification could not be taken in (no mail for it, or a bounce not recorded).',
    ...deadLetterAlarm(mail.deadLetterQueue),
  });
  const reputation = [
    { id: 'MailBounceRate', name: 'mail-bounce-rate', metric: 'Reputation.BounceRate', what: 'bounce', threshold: THRESHOLDS.mailBounceRate, review: '5%', pause: '10%' },
    { id: 'MailComplaintRate', name: 'mail-complaint-rate', metric: 'Reputation.ComplaintRate', what: 'complaint', threshold: THRESHOLDS.mailComplaintRate, review: '0.1%', pause: '0.5%' },
  ];
  for (const rate of reputation) {
    add(rate.id, {
      name: rate.name,
      anchor: 'mail-reputation',
      summary: `SES ${rate.what} rate of the mail configuration set above ${rate.threshold * 100}% (AWS reviews an account at ${rate.review}, and may pause its sending at ${rate.pause}).`,
      metric: new cloudwatch.Metric({ namespace: 'AWS/SES', metricName: rate.metric, dimensionsMap: { 'ses:configuration-set': mail.configurationSetName }, statistic: 'Maximum', period: Duration.hours(1) }),
      threshold: rate.threshold,
      comparisonOperator: GT,
      evaluationPeriods: 1,
      missingData: { treat: NOT_BREACHING, why: 'SES reports reputation only once mail was sent.' },
      severity: 'notify',
    });
  }
}
