import type { Template } from 'aws-cdk-lib/assertions';

export interface AlarmProperties {
  AlarmName: string;
  AlarmDescription: string;
  Threshold: number;
  ComparisonOperator: string;
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  TreatMissingData: string;
  AlarmActions?: unknown[];
  OKActions?: unknown[];
  InsufficientDataActions?: unknown[];
  Namespace?: string;
  MetricName?: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Statistic?: string;
  ExtendedStatistic?: string;
  Period?: number;
  Metrics?: { Id: string; Expression?: string; Period?: number; ReturnData?: boolean; MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions?: { Name: string; Value: unknown }[] }; Period: number; Stat: string } }[];
}

/** Every metric alarm of a template, by AlarmName, with its logical id. */
export function alarmsOf(template: Template): Map<string, AlarmProperties & { logicalId: string }> {
  const out = new Map<string, AlarmProperties & { logicalId: string }>();
  for (const [logicalId, resource] of Object.entries(template.findResources('AWS::CloudWatch::Alarm'))) {
    const props = (resource as { Properties: AlarmProperties }).Properties;
    out.set(props.AlarmName, { ...props, logicalId });
  }
  return out;
}

/** The period of an alarm in seconds, whether it watches one metric or a math expression. */
export function periodOf(alarm: AlarmProperties): number {
  if (alarm.Period !== undefined) return alarm.Period;
  // Metric math takes each input's period; a Metrics Insights query (SELECT …) carries its own.
  const periods = new Set((alarm.Metrics ?? []).flatMap((m) => (m.MetricStat ? [m.MetricStat.Period] : m.Period ? [m.Period] : [])));
  if (periods.size !== 1) throw new Error(`${alarm.AlarmName} mixes periods ${[...periods].join(', ')}`);
  return [...periods][0]!;
}

/** The expression an alarm evaluates, and its inputs as `Namespace/MetricName stat [dims]` by id. */
export function expressionOf(alarm: AlarmProperties): { expression: string; inputs: Record<string, string> } {
  const returned = (alarm.Metrics ?? []).find((m) => m.ReturnData !== false && m.Expression);
  const inputs = Object.fromEntries(
    (alarm.Metrics ?? [])
      .filter((m) => m.MetricStat)
      .map((m) => [m.Id, `${m.MetricStat!.Metric.Namespace}/${m.MetricStat!.Metric.MetricName} ${m.MetricStat!.Stat} ${dims(m.MetricStat!.Metric.Dimensions)}`.trim()]),
  );
  return { expression: returned?.Expression ?? '', inputs };
}

/** `Namespace/MetricName stat [dims]` of a single-metric alarm. */
export function metricOf(alarm: AlarmProperties): string {
  return `${alarm.Namespace}/${alarm.MetricName} ${alarm.Statistic ?? alarm.ExtendedStatistic} ${dims(alarm.Dimensions)}`.trim();
}

function dims(dimensions: { Name: string; Value: unknown }[] | undefined): string {
  if (!dimensions?.length) return '';
  return `[${dimensions.map((d) => `${d.Name}=${typeof d.Value === 'string' ? d.Value : 'ref'}`).join(', ')}]`;
}
