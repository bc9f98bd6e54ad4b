import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { METRIC_NAMESPACE, METRIC_SERVICE, type MetricName } from '@contract/metric-names';

/** Which API the AWS/ApiGateway metrics are about (literal names: no cross-stack reference needed). */
export interface ApiIdentity {
  restApiName: string;
  stageName: string;
}

export const FIVE_MINUTES = Duration.minutes(5);

/** A metric the handlers emit (EMF through Powertools): namespace Mark0, the one `service` dimension. */
export function appMetric(name: MetricName, statistic: string, period: Duration = FIVE_MINUTES, label?: string): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: METRIC_NAMESPACE, metricName: name, dimensionsMap: { service: METRIC_SERVICE }, statistic, period, label });
}

export function apiMetric(api: ApiIdentity, name: '5XXError' | '4XXError' | 'Count' | 'Latency' | 'IntegrationLatency', statistic: string, period: Duration = FIVE_MINUTES): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: 'AWS/ApiGateway', metricName: name, dimensionsMap: { ApiName: api.restApiName, Stage: api.stageName }, statistic, period });
}

export function tableMetric(tableName: string, name: string, statistic: string, dimensions: Record<string, string> = {}, period: Duration = FIVE_MINUTES): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: 'AWS/DynamoDB', metricName: name, dimensionsMap: { TableName: tableName, ...dimensions }, statistic, period });
}

/** The DynamoDB operations the app's adapters call (graphed on the dashboard). */
export const TABLE_OPERATIONS = ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem'] as const;
/**
 * The operations the latency alarm watches: what a user's request waits for (a read, a page, a post's
 * write). DynamoDB slowing down shows on all its operations at once, and each operation watched is
 * another billed alarm metric ($0.10 a month), so the background jobs' operations are graphed only.
 */
export const ALARMED_TABLE_OPERATIONS = ['GetItem', 'Query', 'TransactWriteItems'] as const satisfies readonly (typeof TABLE_OPERATIONS)[number][];

/** Account-wide Lambda concurrency (no dimension: every function in the account and region). */
export function accountConcurrency(period: Duration = Duration.minutes(1)): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: 'AWS/Lambda', metricName: 'ConcurrentExecutions', statistic: 'Maximum', period });
}

/** Errors or Throttles summed over every function in the account and region (Lambda's metrics without a dimension). */
export function accountLambdaMetric(name: 'Errors' | 'Throttles'): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: 'AWS/Lambda', metricName: name, statistic: 'Sum', period: FIVE_MINUTES });
}

export function schedulerMetric(scheduleGroupName: string, name: string, period: Duration = FIVE_MINUTES): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: 'AWS/Scheduler', metricName: name, dimensionsMap: { ScheduleGroup: scheduleGroupName }, statistic: 'Sum', period });
}
