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

/** The DynamoDB operations the app's adapters call; their p99 latencies feed one alarm. */
export const TABLE_OPERATIONS = ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem'] as const;

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

/**
 * An app metric summed over every dimension set it is emitted with (AiFailures
 * by `reason`, QuotaHits by `quota` or by none): a Metrics Insights query over
 * the whole namespace, which alarms accept as one series, so a new reason or
 * emitter needs no change here. Each datapoint is stored under one set only,
 * so nothing is counted twice.
 */
export function appMetricSummed(name: MetricName, period: Duration = FIVE_MINUTES, label?: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `SELECT SUM(${name}) FROM "${METRIC_NAMESPACE}" WHERE service = '${METRIC_SERVICE}'`,
    usingMetrics: {},
    period,
    label: label ?? name,
  });
}
