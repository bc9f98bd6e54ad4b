import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { BUSINESS_EVENTS, METRICS } from '@contract/metric-names';
import { accountConcurrency, apiMetric, appMetric, tableMetric, TABLE_OPERATIONS, type ApiIdentity } from '../monitoring/metrics';
import { AI_COST_PER_MILLION_TOKENS_USD, THRESHOLDS } from '../monitoring/thresholds';
import type { PublishingMonitoring } from '../monitoring/publishing-monitoring';

/** The log groups whose lines the dashboard counts business events in (BUSINESS_EVENTS): names, from the stacks that own them. */
export interface BusinessLogGroups {
  /** Sign-ups, sign-ins, first requests of a day. */
  authorizer: string;
  /** Posts scheduled: by a date (posts) or into the queue (queue). */
  scheduling: string[];
  /** AI generations and their tokens. */
  ai: string;
  /** Mails the provider accepted. */
  mail?: string;
}

export interface OpsDashboardProps {
  dashboardName: string;
  businessLogs?: BusinessLogGroups;
  runbookUrl: string;
  api: ApiIdentity;
  tableName: string;
  publishing?: PublishingMonitoring;
  backups: boolean;
  alarms: cloudwatch.IAlarm[];
  lambdaConcurrencyLimit: number;
}

const HOUR = Duration.hours(1);
const DAY = Duration.days(1);
const FULL = 24;
const HALF = 12;
const THIRD = 8;

/**
 * One page to look at: alarm status first, then traffic and users, errors,
 * latency, the publishing funnel, AI usage and its cost, and the data side
 * (DynamoDB, backups). Each runbook entry names the widget to look at.
 */
export class OpsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OpsDashboardProps) {
    super(scope, id);
    const { api } = props;
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName, defaultInterval: Duration.days(1) });
    const graph = (title: string, left: cloudwatch.IMetric[], options: Partial<cloudwatch.GraphWidgetProps> = {}) =>
      new cloudwatch.GraphWidget({ title, left, width: THIRD, height: 6, ...options });
    const logs = props.businessLogs;
    const counted = (title: string, logGroupNames: string[], queryLines: string[]) =>
      new cloudwatch.LogQueryWidget({ title, logGroupNames, queryLines, view: cloudwatch.LogQueryVisualizationType.LINE, width: THIRD, height: 6 });

    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# Mark.0 operations\nEvery alarm links to its entry in the [runbook](${props.runbookUrl}). "users-hurt" pages; the rest email.`,
        width: FULL,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: FULL, height: 6, sortBy: cloudwatch.AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP }));

    // Traffic and users
    this.dashboard.addWidgets(
      graph('Traffic: API requests', [apiMetric(api, 'Count', 'Sum')]),
      ...(logs ? [counted('Daily active users, sign-ups, sign-ins (from the authorizer\'s log)', [logs.authorizer], businessCounts({ activeUsers: BUSINESS_EVENTS.activeToday, signUps: BUSINESS_EVENTS.signedUp, signIns: BUSINESS_EVENTS.signedIn }, '1d'))] : []),
      graph('Quota hits', [appMetric(METRICS.quotaHits, 'Sum', HOUR, 'quota hits (all limits)')]),
    );

    // Errors
    this.dashboard.addWidgets(
      graph('Errors: API 4XX and 5XX', [apiMetric(api, '4XXError', 'Sum'), apiMetric(api, '5XXError', 'Sum')]),
      // Every function of the account by name, as the lambda-errors and lambda-throttles alarms watch them all at once;
      // one search each keeps the dashboard within CloudWatch's 50 metrics of a free dashboard.
      graph('Errors: Lambda function errors', [lambdaByFunction('Errors')]),
      graph('Lambda throttles', [lambdaByFunction('Throttles')]),
    );

    // Latency
    this.dashboard.addWidgets(
      graph('Latency: API Gateway (ms)', ['p50', 'p90', 'p99'].map((stat) => apiMetric(api, 'Latency', stat)), {
        leftAnnotations: [{ value: THRESHOLDS.apiLatencyP99Ms, label: 'p99 alarm' }],
      }),
      // The functions' own time: API Gateway's free IntegrationLatency (the handlers send no latency metric of their own).
      graph('Latency: integration p50 and p99 (ms)', ['p50', 'p99'].map((stat) => apiMetric(api, 'IntegrationLatency', stat))),
      graph('Health probe', [appMetric(METRICS.healthProbeSuccess, 'Minimum', undefined, 'success (1/0)')]),
    );

    // Publishing funnel
    const funnel: cloudwatch.IWidget[] = [
      ...(logs ? [counted('Posts scheduled per hour (from the posts and queue logs)', logs.scheduling, businessCounts({ scheduled: BUSINESS_EVENTS.postScheduled }, '1h'))] : []),
      graph('Publishing: published / failed', [
        appMetric(METRICS.postsPublished, 'Sum', HOUR, 'published'),
        appMetric(METRICS.postsFailed, 'Sum', HOUR, 'failed'),
      ]),
      graph('Publish delay (s after the scheduled minute)', ['p50', 'p95', 'Maximum'].map((stat) => appMetric(METRICS.publishDelay, stat, undefined, `delay ${stat}`)), {
        leftAnnotations: [{ value: THRESHOLDS.publishDelayP95Seconds, label: 'p95 alarm' }],
      }),
    ];
    if (props.publishing) {
      funnel.push(
        graph('Publish queue and dead letters', [
          props.publishing.queue.metricApproximateNumberOfMessagesVisible({ label: 'waiting', period: Duration.minutes(5) }),
          props.publishing.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ label: 'dead letters', period: Duration.minutes(5) }),
        ], { right: [props.publishing.queue.metricApproximateAgeOfOldestMessage({ label: 'oldest (s)', period: Duration.minutes(5) })] }),
      );
    }
    this.dashboard.addWidgets(...funnel);

    // AI usage and cost proxy, mail
    const tokens = 'promptTokens + completionTokens';
    this.dashboard.addWidgets(
      ...(logs
        ? [
            counted(`AI per day: requests, generations, tokens, cost proxy (≤ $${AI_COST_PER_MILLION_TOKENS_USD}/M tokens)`, [logs.ai], businessCounts({ requests: BUSINESS_EVENTS.aiGeneration }, '1d', [
              'sum(generations) as generations',
              `sum(${tokens}) as tokens`,
              `sum(${tokens}) * ${AI_COST_PER_MILLION_TOKENS_USD} / 1000000 as usdUpperBound`,
            ])),
          ]
        : []),
      ...(logs?.mail ? [counted('Mails sent per day (from the mail log)', [logs.mail], businessCounts({ sent: BUSINESS_EVENTS.mailSent }, '1d'))] : []),
      graph('AI failures and breaker', [appMetric(METRICS.aiFailures, 'Sum', undefined, 'failures (all reasons)'), appMetric(METRICS.aiBreakerOpen, 'Maximum', undefined, 'breaker open')]),
    );

    // Data and capacity
    const data: cloudwatch.IWidget[] = [
      graph('DynamoDB p99 latency by operation (ms)', TABLE_OPERATIONS.map((op) => tableMetric(props.tableName, 'SuccessfulRequestLatency', 'p99', { Operation: op }))),
      graph('DynamoDB throttles and consumed capacity', [tableMetric(props.tableName, 'ReadThrottleEvents', 'Sum'), tableMetric(props.tableName, 'WriteThrottleEvents', 'Sum')], {
        right: [tableMetric(props.tableName, 'ConsumedReadCapacityUnits', 'Sum'), tableMetric(props.tableName, 'ConsumedWriteCapacityUnits', 'Sum')],
      }),
      graph('Lambda concurrency (account)', [accountConcurrency(Duration.minutes(5))], {
        leftAnnotations: [{ value: props.lambdaConcurrencyLimit * THRESHOLDS.lambdaConcurrencyShare, label: 'alarm' }],
      }),
    ];
    if (props.backups) {
      data.push(
        graph('Backups and restore tests per day', [
          appMetric(METRICS.backupJobsCompleted, 'Sum', DAY, 'backups completed'),
          appMetric(METRICS.backupJobsFailed, 'Sum', DAY, 'backup or copy failed'),
          appMetric(METRICS.restoreTestsPassed, 'Sum', DAY, 'restore tests passed'),
          appMetric(METRICS.restoreTestsFailed, 'Sum', DAY, 'restore tests failed'),
        ], { period: DAY, width: HALF }),
      );
    }
    this.dashboard.addWidgets(...data);
  }
}

/** One line per function of the account and region (a search expression: functions added later appear on their own). */
function lambdaByFunction(metricName: 'Errors' | 'Throttles'): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({ expression: `SEARCH('{AWS/Lambda,FunctionName} MetricName="${metricName}"', 'Sum', 300)`, label: '', period: Duration.minutes(5) });
}

/**
 * A Logs Insights query counting business events (Powertools log lines whose `message` is one of
 * BUSINESS_EVENTS) per time bin, one column each. `strcontains` is 1 or 0 per line, so its sum
 * is the count; the filter keeps the query to the lines it counts.
 */
export function businessCounts(columns: Record<string, string>, bin: string, extra: string[] = []): string[] {
  const messages = Object.values(columns).map((message) => JSON.stringify(message));
  const sums = Object.entries(columns).map(([column, message]) => `sum(strcontains(message, ${JSON.stringify(message)})) as ${column}`);
  return [`filter message in [${messages.join(', ')}]`, `stats ${[...sums, ...extra].join(', ')} by bin(${bin})`];
}
