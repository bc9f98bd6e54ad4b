import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { METRICS } from '@contract/metric-names';
import { LINKEDIN_VERSION_WARNING_DAYS } from '@contract/linkedin-version';
import { TABLE, type TableDefinition } from '@contract/table-definition';
import type { MarkConfig } from '../config';
import { AlarmTopics } from '../constructs/alarm-topics';
import { MarkFunction } from '../constructs/mark-function';
import type { PublishingMonitoring } from '../monitoring/publishing-monitoring';
import { OpsDashboard, type BusinessLogGroups } from '../constructs/ops-dashboard';
import { RunbookAlarm, runbookDescription } from '../constructs/runbook-alarm';
import { ENV } from '@contract/environment';
import { accountConcurrency, accountLambdaMetric, ALARMED_TABLE_OPERATIONS, apiMetric, appMetric, schedulerMetric, tableMetric, type ApiIdentity } from '../monitoring/metrics';
import { deadLetterAlarm, EMPTY_QUEUE } from '../monitoring/dead-letters';
import { THRESHOLDS } from '../monitoring/thresholds';
import { accountDeletionAlarms, aiAlarms, backupAlarms, type AccountDeletionMonitoring, type AddAlarm, type AlarmSpec } from '../monitoring/app-alarms';
import { mailAlarms, type MailMonitoring } from '../monitoring/mail-alarms';

const { GREATER_THAN_THRESHOLD: GT, GREATER_THAN_OR_EQUAL_TO_THRESHOLD: GTE, LESS_THAN_THRESHOLD: LT, LESS_THAN_OR_EQUAL_TO_THRESHOLD: LTE } = cloudwatch.ComparisonOperator;
const { NOT_BREACHING, MISSING } = cloudwatch.TreatMissingData;

/** Errors as a percentage of requests, or 0 in a window with fewer than `minRequests` (too few to judge). */
function errorRate(errors: cloudwatch.IMetric, requests: cloudwatch.IMetric, minRequests: number, label: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `IF(requests >= ${minRequests}, 100 * errors / requests, 0)`,
    usingMetrics: { errors, requests },
    label,
    period: Duration.minutes(5),
  });
}

export interface MonitoringStackProps extends StackProps {
  config: MarkConfig;
  /** The data stack's key for SNS topics AWS services publish to: the alarm topics use it. */
  notificationsKey: kms.Key;
  api: ApiIdentity & { url: string };
  table: ITableV2;
  tableDefinition?: TableDefinition;
  publishing?: PublishingMonitoring;
  /** The backup stack exists: watch backup jobs and restore tests. */
  backups?: boolean;
  /** Account deletion's dead-letter queue (its worker's errors count in the account-wide Lambda alarms). */
  accountDeletion?: AccountDeletionMonitoring;
  /** The mail stack's dead-letter queue and SES configuration set. */
  mail?: MailMonitoring;
  /** The functions' log groups the dashboard counts business events in. */
  businessLogs?: BusinessLogGroups;
}

/**
 * Watching for one person: alarms at the plan's thresholds, each naming its
 * runbook entry; a composite "users are hurt now" alarm that pages (SMS and
 * email); everything else emails. Plus the scheduled health probe and the
 * operations dashboard. Stateless: it can be destroyed and redeployed freely
 * (alarm history aside).
 */
export class MonitoringStack extends Stack {
  readonly topics: AlarmTopics;
  readonly alarms: RunbookAlarm[] = [];
  readonly usersHurt: cloudwatch.CompositeAlarm;
  readonly healthProbe: MarkFunction;
  readonly dashboard: OpsDashboard;
  private readonly config: MarkConfig;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    const { config, api, table, publishing, backups, mail, tableDefinition, accountDeletion, notificationsKey, businessLogs, ...stackProps } = props;
    super(scope, id, stackProps);
    this.config = config;
    this.topics = new AlarmTopics(this, 'Topics', { resourcePrefix: config.resourcePrefix, key: notificationsKey, emails: config.alarmEmails, smsNumbers: config.alarmSmsNumbers });

    this.healthProbe = new MarkFunction(this, 'HealthProbeFunction', {
      handlerName: 'health-probe',
      description: 'Every 5 minutes: GET /health of the deployed API from outside, HealthProbeSuccess 1/0',
      config,
      environment: { [ENV.healthUrl]: `${api.url}health` },
      memorySize: 256,
      timeout: Duration.seconds(15),
    });
    new events.Rule(this, 'HealthProbeSchedule', {
      description: 'Runs the health probe every 5 minutes',
      schedule: events.Schedule.rate(Duration.minutes(5)),
      targets: [new targets.LambdaFunction(this.healthProbe.function, { retryAttempts: 0 })],
    });

    this.apiAlarms(api);
    this.functionAlarms();
    this.tableAlarms(table, tableDefinition ?? TABLE);
    this.publishingAlarms(publishing);
    const add: AddAlarm = (id, alarmProps) => this.add(id, alarmProps);
    aiAlarms(add);
    mailAlarms(add, mail);
    if (accountDeletion) accountDeletionAlarms(add, accountDeletion);
    if (backups) backupAlarms(add, this.topics.notify);

    const notify = new SnsAction(this.topics.notify);
    for (const { alarm } of this.alarms) {
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
    }
    const page = new SnsAction(this.topics.page);
    this.usersHurt = new cloudwatch.CompositeAlarm(this, 'UsersHurt', {
      compositeAlarmName: `${config.resourcePrefix}-users-hurt`,
      alarmDescription: runbookDescription(
        'PAGE: users are hurt now: the API fails or is slow, the health probe fails, or posts go out late or not at all. ' +
          'The email of the child alarm that fired says which.',
        config.runbookUrl,
        'users-hurt',
      ),
      alarmRule: cloudwatch.AlarmRule.anyOf(...this.alarms.filter((a) => a.severity === 'page').map((a) => cloudwatch.AlarmRule.fromAlarm(a.alarm, cloudwatch.AlarmState.ALARM))),
    });
    this.usersHurt.addAlarmAction(page);
    this.usersHurt.addOkAction(page);

    this.dashboard = new OpsDashboard(this, 'Dashboard', {
      dashboardName: `${config.resourcePrefix}-operations`,
      runbookUrl: config.runbookUrl,
      ...(businessLogs ? { businessLogs } : {}),
      api,
      tableName: table.tableName,
      publishing,
      backups: backups ?? false,
      alarms: [this.usersHurt, ...this.alarms.map((a) => a.alarm)],
      lambdaConcurrencyLimit: config.lambdaConcurrencyLimit,
    });
  }

  private add(id: string, props: AlarmSpec): RunbookAlarm {
    const { name, ...rest } = props;
    const alarm = new RunbookAlarm(this, id, { ...rest, alarmName: `${this.config.resourcePrefix}-${name}`, runbookUrl: this.config.runbookUrl });
    this.alarms.push(alarm);
    return alarm;
  }

  private apiAlarms(api: ApiIdentity): void {
    const min = THRESHOLDS.apiMinRequestsPer5Min;
    const requests = apiMetric(api, 'Count', 'Sum');
    const noTraffic = { treat: NOT_BREACHING, why: 'no requests means no failed or slow requests; a quiet outage is the health probe\'s to catch.' };
    this.add('Api5xxRate', {
      name: 'api-5xx-rate',
      anchor: 'api-5xx-rate',
      summary: `More than ${THRESHOLDS.api5xxRatePercent}% of API requests answered 5XX in 2 of the last 3 five-minute windows (judged from ${min} requests a window).`,
      metric: errorRate(apiMetric(api, '5XXError', 'Sum'), requests, min, '5XX rate (%)'),
      threshold: THRESHOLDS.api5xxRatePercent,
      comparisonOperator: GT,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      missingData: noTraffic,
      severity: 'page',
    });
    this.add('Api4xxSurge', {
      name: 'api-4xx-surge',
      anchor: 'api-4xx-surge',
      summary: `More than ${THRESHOLDS.api4xxRatePercent}% of API requests answered 4XX for 15 minutes: a broken client, quotas or throttling biting, or someone probing.`,
      metric: errorRate(apiMetric(api, '4XXError', 'Sum'), requests, min, '4XX rate (%)'),
      threshold: THRESHOLDS.api4xxRatePercent,
      comparisonOperator: GT,
      evaluationPeriods: 3,
      missingData: noTraffic,
      severity: 'notify',
    });
    this.add('ApiLatencyP99', {
      name: 'api-latency-p99',
      anchor: 'api-latency-p99',
      summary: `API p99 latency (API Gateway, authorizer included) above ${THRESHOLDS.apiLatencyP99Ms} ms in 2 of the last 3 five-minute windows (judged from ${min} requests a window).`,
      metric: new cloudwatch.MathExpression({
        expression: `IF(requests >= ${min}, p99, 0)`,
        usingMetrics: { p99: apiMetric(api, 'Latency', 'p99'), requests },
        label: 'p99 latency (ms)',
        period: Duration.minutes(5),
      }),
      threshold: THRESHOLDS.apiLatencyP99Ms,
      comparisonOperator: GT,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      missingData: noTraffic,
      severity: 'page',
    });
    const probe = this.add('HealthProbe', {
      name: 'health-probe',
      anchor: 'health-probe',
      summary: 'GET /health failed from outside (not 200 within 5 s) in 2 of the last 3 probes, run every 5 minutes: the API or its table is down for everyone.',
      metric: appMetric(METRICS.healthProbeSuccess, 'Minimum'),
      threshold: 1,
      comparisonOperator: LT,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      missingData: {
        treat: MISSING,
        why: 'no probe result means the probe is not running: the alarm goes to INSUFFICIENT_DATA, which emails (blind, not down), rather than paging.',
      },
      severity: 'page',
    });
    probe.alarm.addInsufficientDataAction(new SnsAction(this.topics.notify));
  }

  /**
   * Errors and throttles of every Lambda function in the account and region, as
   * two alarms on Lambda's account-wide metrics (no dimension): one billed
   * metric each, where an alarm per function cost two per function (28 alarm
   * metrics for 14 functions) and missed any function added later. The
   * dashboard's per-function widgets (and the runbook's query) name the
   * function. The account is meant to hold this app only (as for
   * lambda-concurrency); CDK's own helper functions run only during a deploy.
   */
  private functionAlarms(): void {
    const quiet = { treat: NOT_BREACHING, why: 'a function that did not run did not fail.' };
    this.add('LambdaErrors', {
      name: 'lambda-errors',
      anchor: 'lambda-errors',
      summary: 'A Lambda function failed (crashed, timed out or failed to start) at least once in 5 minutes. API handlers answer errors themselves, so this is a bug or a dependency failing hard. Which function: dashboard "Errors: Lambda function errors".',
      metric: accountLambdaMetric('Errors'),
      threshold: 1,
      comparisonOperator: GTE,
      evaluationPeriods: 1,
      missingData: quiet,
      severity: 'notify',
    });
    this.add('LambdaThrottles', {
      name: 'lambda-throttles',
      anchor: 'lambda-throttles',
      summary: 'Lambda refused to run a function at least once in 5 minutes (throttled): the account concurrency limit is reached or a reserved concurrency is too low. Which function: dashboard "Lambda throttles".',
      metric: accountLambdaMetric('Throttles'),
      threshold: 1,
      comparisonOperator: GTE,
      evaluationPeriods: 1,
      missingData: quiet,
      severity: 'notify',
    });
    const limit = this.config.lambdaConcurrencyLimit;
    this.add('LambdaConcurrency', {
      name: 'lambda-concurrency',
      anchor: 'lambda-concurrency',
      summary: `Lambda concurrent executions in the account stayed above ${THRESHOLDS.lambdaConcurrencyShare * 100}% of the limit (${limit}, context lambdaConcurrencyLimit) for 5 minutes; at 100% every function is throttled.`,
      metric: accountConcurrency(),
      threshold: Math.floor(limit * THRESHOLDS.lambdaConcurrencyShare),
      comparisonOperator: GT,
      evaluationPeriods: 5,
      missingData: { treat: NOT_BREACHING, why: 'no data means nothing ran in the account.' },
      severity: 'notify',
    });
  }

  private tableAlarms(table: ITableV2, definition: TableDefinition): void {
    const quiet = { treat: NOT_BREACHING, why: 'DynamoDB reports throttles and latencies only when requests happen.' };
    const throttles: Record<string, cloudwatch.IMetric> = {
      tableReads: tableMetric(table.tableName, 'ReadThrottleEvents', 'Sum'),
      tableWrites: tableMetric(table.tableName, 'WriteThrottleEvents', 'Sum'),
    };
    definition.globalSecondaryIndexes.forEach((index, i) => {
      throttles[`index${i}Reads`] = tableMetric(table.tableName, 'ReadThrottleEvents', 'Sum', { GlobalSecondaryIndexName: index.indexName });
      throttles[`index${i}Writes`] = tableMetric(table.tableName, 'WriteThrottleEvents', 'Sum', { GlobalSecondaryIndexName: index.indexName });
    });
    this.add('DynamoThrottles', {
      name: 'dynamodb-throttles',
      anchor: 'dynamodb-throttles',
      summary: 'DynamoDB throttled reads or writes on the table or an index in two 5-minute windows running (on-demand: past twice the previous peak, or a hot partition).',
      metric: new cloudwatch.MathExpression({ expression: `SUM([${Object.keys(throttles).join(', ')}])`, usingMetrics: throttles, label: 'throttled requests', period: Duration.minutes(5) }),
      threshold: 1,
      comparisonOperator: GTE,
      evaluationPeriods: 2,
      missingData: quiet,
      severity: 'notify',
    });
    const latencies = Object.fromEntries(
      ALARMED_TABLE_OPERATIONS.map((operation) => [operation.charAt(0).toLowerCase() + operation.slice(1), tableMetric(table.tableName, 'SuccessfulRequestLatency', 'p99', { Operation: operation })]),
    );
    this.add('DynamoLatency', {
      name: 'dynamodb-latency-p99',
      anchor: 'dynamodb-latency-p99',
      summary: `The worst p99 of DynamoDB's own request latency over ${ALARMED_TABLE_OPERATIONS.join(', ')} (what users' requests wait for) stayed above ${THRESHOLDS.dynamoLatencyP99Ms} ms for 15 minutes (normally single-digit ms).`,
      metric: new cloudwatch.MathExpression({ expression: `MAX([${Object.keys(latencies).join(', ')}])`, usingMetrics: latencies, label: 'worst p99 (ms)', period: Duration.minutes(5) }),
      threshold: THRESHOLDS.dynamoLatencyP99Ms,
      comparisonOperator: GT,
      evaluationPeriods: 3,
      missingData: quiet,
      severity: 'notify',
    });
  }

  private publishingAlarms(publishing: PublishingMonitoring | undefined): void {
    const quiet = { treat: NOT_BREACHING, why: 'no publishing in the window means nothing failed or went out late.' };
    // From the metrics the publisher emits (lambdas/contract/metric-names.ts): they exist by name before any publisher.
    const period = Duration.minutes(15);
    const min = THRESHOLDS.publishMinAttempts;
    this.add('PublishFailureRate', {
      name: 'publish-failure-rate',
      anchor: 'publish-failure-rate',
      summary: `More than ${THRESHOLDS.publishFailureRatePercent}% of publish attempts failed in two 15-minute windows running (judged from ${min} attempts a window): LinkedIn refuses or is down, or tokens expired.`,
      metric: new cloudwatch.MathExpression({
        expression: `IF(FILL(published, 0) + FILL(failed, 0) >= ${min}, 100 * FILL(failed, 0) / (FILL(published, 0) + FILL(failed, 0)), 0)`,
        usingMetrics: { published: appMetric(METRICS.postsPublished, 'Sum', period), failed: appMetric(METRICS.postsFailed, 'Sum', period) },
        label: 'failed publishes (%)',
        period,
      }),
      threshold: THRESHOLDS.publishFailureRatePercent,
      comparisonOperator: GT,
      evaluationPeriods: 2,
      missingData: quiet,
      severity: 'notify',
    });
    this.add('PublishLate', {
      name: 'publish-late',
      anchor: 'publish-late',
      summary: `Posts went out late: p95 of PublishDelaySeconds (LinkedIn accepted − scheduled) above ${THRESHOLDS.publishDelayP95Seconds} s in 2 of the last 3 five-minute windows.`,
      metric: appMetric(METRICS.publishDelay, 'p95'),
      threshold: THRESHOLDS.publishDelayP95Seconds,
      comparisonOperator: GT,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      missingData: quiet,
      severity: 'page',
    });
    this.add('LinkedInVersion', {
      name: 'linkedin-version',
      anchor: 'linkedin-version',
      summary: `The LinkedIn-Version the publisher sends retires in ${LINKEDIN_VERSION_WARNING_DAYS} days or fewer (LinkedIn keeps a version about a year); after that LinkedIn answers 426 and every post fails. Raise it.`,
      metric: appMetric(METRICS.linkedinVersionDaysLeft, 'Minimum', Duration.days(1)),
      threshold: LINKEDIN_VERSION_WARNING_DAYS,
      comparisonOperator: LTE,
      evaluationPeriods: 1,
      missingData: { treat: NOT_BREACHING, why: 'the check runs once a day; a day without its result says nothing about the version (a failing check has its own error alarm).' },
      severity: 'notify',
    });
    if (!publishing) return;

    this.add('PublishQueueAge', {
      name: 'publish-queue-age',
      anchor: 'publish-queue-age',
      summary: `A due post has waited more than ${THRESHOLDS.publishQueueAgeSeconds} s in the publish queue for 10 minutes: the publisher is not draining it, so posts are not going out at all.`,
      metric: publishing.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: THRESHOLDS.publishQueueAgeSeconds,
      comparisonOperator: GT,
      evaluationPeriods: 2,
      missingData: EMPTY_QUEUE,
      severity: 'page',
    });
    this.add('PublishDlq', {
      name: 'publish-dlq',
      anchor: 'publish-dlq',
      summary: 'The publish dead-letter queue is not empty: a due post failed every publish attempt. Its user sees it failed; the message says why.',
      ...deadLetterAlarm(publishing.deadLetterQueue),
    });
    if (publishing.evergreenDeadLetterQueue) {
      this.add('EvergreenDlq', {
        name: 'evergreen-dlq',
        anchor: 'evergreen-dlq',
        summary: "The evergreen dead-letter queue is not empty: an evergreen post's run failed every attempt, so no reworded draft came of it and no next run is scheduled.",
        ...deadLetterAlarm(publishing.evergreenDeadLetterQueue),
      });
    }
    // With a dead-letter queue of its own, what Scheduler dead-letters is that queue's alarm (below): counting it here too would be a second billed metric for the same event.
    const scheduler: Record<string, cloudwatch.IMetric> = {
      targetErrors: schedulerMetric(publishing.scheduleGroupName, 'TargetErrorCount'),
      dropped: schedulerMetric(publishing.scheduleGroupName, 'InvocationDroppedCount'),
      ...(publishing.schedulerDeadLetterQueue ? {} : { sentToDlq: schedulerMetric(publishing.scheduleGroupName, 'InvocationsSentToDeadLetterCount') }),
    };
    this.add('SchedulerErrors', {
      name: 'scheduler-errors',
      anchor: 'scheduler-errors',
      summary: 'EventBridge Scheduler could not deliver a due post to the publish queue (target error, dropped or dead-lettered) in 5 minutes; the reconciler re-drives it, late.',
      metric: new cloudwatch.MathExpression({ expression: `SUM([${Object.keys(scheduler).join(', ')}])`, usingMetrics: scheduler, label: 'failed schedule invocations', period: Duration.minutes(5) }),
      threshold: 1,
      comparisonOperator: GTE,
      evaluationPeriods: 1,
      missingData: { treat: NOT_BREACHING, why: 'Scheduler reports only when schedules fire.' },
      severity: 'notify',
    });
    if (publishing.schedulerDeadLetterQueue) {
      this.add('SchedulerDlq', {
        name: 'scheduler-dlq',
        anchor: 'scheduler-errors',
        summary: "The scheduler's dead-letter queue is not empty: a schedule fired but never reached the publish queue.",
        ...deadLetterAlarm(publishing.schedulerDeadLetterQueue),
      });
    }
  }
}
