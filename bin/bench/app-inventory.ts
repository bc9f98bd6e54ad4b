import { METRICS, type MetricName } from '@contract/metric-names';
import type { CloudFrontPlanName, FunctionRole, Inventory, MetricEmission } from './cost-model';

/**
 * What the bill's fixed part is made of, counted from the synthesized
 * CloudFormation templates (not from constants), so a new alarm, key or
 * function shows up in `npm run bench:cost` without anyone editing it.
 */

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
}
export interface CfnTemplate {
  Resources?: Record<string, CfnResource>;
}

/** Hours in a month as AWS bills them. */
export const HOURS_PER_MONTH = 730;
const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

/** Custom metric series per metric name: every name in metric-names.ts is emitted with the one `service` dimension only. */
export function customMetricSeries(): Record<string, number> {
  return Object.fromEntries(Object.values(METRICS).map((name) => [name, 1]));
}

/**
 * When each metric is sent (CloudWatch bills a custom metric only for the hours in which it receives data): every
 * hour by a scheduled function (the probe every 5 minutes), with user traffic, once a day (the backup watch's zeros,
 * the LinkedIn version check), or on rare events (counts sent only when they are not 0 among them: the reconciler's
 * re-drives, the mail sweep's backlog, overdue deletions). A new metric must be
 * placed here (the type says so) before the bill can be printed.
 */
export const METRIC_EMISSION: Record<MetricName, MetricEmission> = {
  QuotaHits: 'events',
  ApiKeysDedicated: 'events',
  ApiKeysPooled: 'events',
  PostsPublished: 'traffic',
  PostsFailed: 'events',
  PublishDelaySeconds: 'traffic',
  // Sent only when not 0 (re-drives, a backlog, overdue deletions are rare events).
  PostsRedriven: 'events',
  AiFailures: 'events',
  AiBreakerOpen: 'events',
  HealthProbeSuccess: 'scheduled',
  BackupJobsCompleted: 'daily',
  BackupJobsFailed: 'events',
  RestoreTestsPassed: 'daily',
  RestoreTestsFailed: 'events',
  MailsFailed: 'events',
  MailRetries: 'events',
  MailBacklog: 'events',
  AccountDeletionsOverdue: 'events',
  MailAddressesSuppressed: 'events',
  LinkedInVersionDaysLeft: 'daily',
};

/** Logical-id prefixes of the functions whose invocations the bill prices (the API functions share `api`). */
const FUNCTION_IDS: Record<FunctionRole, string> = {
  api: 'PostsFunction',
  authorizer: 'AuthorizerFunction',
  ai: 'AiFunction',
  publisher: 'PublisherFunction',
  reconciler: 'ReconcilerFunction',
  health: 'HealthFunction',
  healthProbe: 'HealthProbeFunction',
  backupEvents: 'BackupEventsFunction',
};

/** Runs a month of an EventBridge / AWS Backup schedule expression: rate(...) or a cron of one time a day, week or month. */
export function runsPerMonth(expression: string): number {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const minutes = Number(rate[1]) * (rate[2]!.startsWith('minute') ? 1 : rate[2]!.startsWith('hour') ? 60 : 1440);
    return (HOURS_PER_MONTH * 60) / minutes;
  }
  const cron = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/.exec(expression);
  if (!cron) throw new Error(`unsupported schedule expression: ${expression}`);
  const [, , , dayOfMonth, , dayOfWeek] = cron;
  if (dayOfWeek !== '?' && dayOfWeek !== '*') return (DAYS_PER_MONTH / 7) * dayOfWeek!.split(',').length;
  if (dayOfMonth !== '?' && dayOfMonth !== '*') return dayOfMonth!.split(',').length;
  return DAYS_PER_MONTH;
}

function resourcesOf(templates: CfnTemplate[]): [string, CfnResource][] {
  return templates.flatMap((template) => Object.entries(template.Resources ?? {}));
}

interface MetricQuery {
  MetricStat?: { Period?: number };
  Expression?: string;
  Period?: number;
}

/** Billed metrics of one alarm: 1 for a single metric, each metric a math expression reads, each series a Metrics Insights query reads. */
function alarmMetricCount(props: Record<string, unknown>, series: Record<string, number>): { count: number; highResolution: boolean } {
  const queries = props['Metrics'] as MetricQuery[] | undefined;
  if (!queries) return { count: 1, highResolution: Number(props['Period']) < 60 };
  let count = 0;
  for (const query of queries) {
    if (query.MetricStat) count += 1;
    const insights = query.Expression && /SELECT\s+\w+\((\w+)\)/i.exec(query.Expression);
    if (insights) count += series[insights[1]!] ?? 1;
  }
  const periods = queries.map((query) => query.MetricStat?.Period ?? query.Period ?? 60);
  return { count, highResolution: Math.min(...periods) < 60 };
}

export function inventoryOf(templates: CfnTemplate[]): Inventory {
  const resources = resourcesOf(templates);
  const ofType = (type: string) => resources.filter(([, resource]) => resource.Type === type);
  const series = customMetricSeries();

  const alarmMetrics = { standard: 0, highResolution: 0 };
  for (const [, alarm] of ofType('AWS::CloudWatch::Alarm')) {
    const { count, highResolution } = alarmMetricCount(alarm.Properties ?? {}, series);
    alarmMetrics[highResolution ? 'highResolution' : 'standard'] += count;
  }

  const functions = ofType('AWS::Lambda::Function');
  const functionId = (role: FunctionRole) => {
    const found = functions.find(([id]) => id.startsWith(FUNCTION_IDS[role]));
    if (!found) throw new Error(`no function with logical id ${FUNCTION_IDS[role]}* in the templates`);
    return found;
  };
  const roles = Object.keys(FUNCTION_IDS) as FunctionRole[];
  const memoryMb = Object.fromEntries(roles.map((role) => [role, Number(functionId(role)[1].Properties?.['MemorySize'] ?? 128)])) as Record<FunctionRole, number>;

  const runsOf = (role: FunctionRole) => {
    const [id] = functionId(role);
    return ofType('AWS::Events::Rule')
      .filter(([, rule]) => typeof rule.Properties?.['ScheduleExpression'] === 'string')
      .filter(([, rule]) => JSON.stringify(rule.Properties?.['Targets']).includes(`"${id}"`))
      .reduce((sum, [, rule]) => sum + runsPerMonth(rule.Properties!['ScheduleExpression'] as string), 0);
  };

  const backupsKept = { warm: 0, cold: 0 };
  for (const [, plan] of ofType('AWS::Backup::BackupPlan')) {
    type Lifecycle = { DeleteAfterDays?: number; MoveToColdStorageAfterDays?: number };
    const rules = (plan.Properties?.['BackupPlan'] as { BackupPlanRule: { ScheduleExpression: string; Lifecycle?: Lifecycle }[] }).BackupPlanRule;
    for (const rule of rules) {
      const kept = rule.Lifecycle?.DeleteAfterDays ?? 0;
      const warmDays = Math.min(kept, rule.Lifecycle?.MoveToColdStorageAfterDays ?? kept);
      const perDay = runsPerMonth(rule.ScheduleExpression) / DAYS_PER_MONTH;
      backupsKept.warm += perDay * warmDays;
      backupsKept.cold += perDay * (kept - warmDays);
    }
  }
  const restoreTestsPerMonth = ofType('AWS::Backup::RestoreTestingPlan').reduce(
    (sum, [, plan]) => sum + runsPerMonth(String(plan.Properties?.['ScheduleExpression'])),
    0,
  );

  return {
    metricAlarms: ofType('AWS::CloudWatch::Alarm').length,
    alarmMetrics,
    compositeAlarms: ofType('AWS::CloudWatch::CompositeAlarm').length,
    dashboards: ofType('AWS::CloudWatch::Dashboard').length,
    dashboardsWithinFreeMetrics: ofType('AWS::CloudWatch::Dashboard').filter(([, dashboard]) => dashboardMetricRows(dashboard) <= FREE_DASHBOARD_METRICS).length,
    kmsKeys: ofType('AWS::KMS::Key').length,
    sqsEventSources: ofType('AWS::Lambda::EventSourceMapping').length,
    secrets: ofType('AWS::SecretsManager::Secret').length,
    webAcls: ofType('AWS::WAFv2::WebACL').length,
    wafRules: ofType('AWS::WAFv2::WebACL').reduce((sum, [, acl]) => sum + ((acl.Properties?.['Rules'] as unknown[] | undefined)?.length ?? 0), 0),
    customMetrics: Object.values(series).reduce((sum, count) => sum + count, 0),
    customMetricsByEmission: (Object.entries(series) as [MetricName, number][]).reduce(
      (by, [name, count]) => ({ ...by, [METRIC_EMISSION[name]]: by[METRIC_EMISSION[name]] + count }),
      { scheduled: 0, traffic: 0, daily: 0, events: 0 } as Record<MetricEmission, number>,
    ),
    ...cloudFrontPlanOf(ofType('AWS::PricingPlanManager::Subscription').map(([, subscription]) => subscription)),
    memoryMb,
    scheduledRunsPerMonth: { reconciler: runsOf('reconciler'), healthProbe: runsOf('healthProbe'), backupEvents: runsOf('backupEvents') },
    backupsKept,
    restoreTestsPerMonth,
  };
}

/** CloudWatch's free dashboards (three an account) are those of up to 50 metrics. */
export const FREE_DASHBOARD_METRICS = 50;

/** Metric rows (a metric or an expression) across a dashboard's widgets, from its body (tokens read as placeholders). */
export function dashboardMetricRows(dashboard: CfnResource): number {
  const body = dashboard.Properties?.['DashboardBody'];
  const parts = typeof body === 'string' ? [body] : ((body as { 'Fn::Join'?: [string, unknown[]] })?.['Fn::Join']?.[1] ?? []);
  const text = parts.map((part) => (typeof part === 'string' ? part : 'token')).join('');
  const widgets = (JSON.parse(text) as { widgets: { properties?: { metrics?: unknown[] } }[] }).widgets;
  return widgets.reduce((sum, widget) => sum + (widget.properties?.metrics?.length ?? 0), 0);
}

function cloudFrontPlanOf(subscriptions: CfnResource[]): { cloudFrontPlan?: CloudFrontPlanName } {
  const tier = subscriptions.find((subscription) => subscription.Properties?.['PlanFamily'] === 'CloudFront')?.Properties?.['PlanTier'];
  return typeof tier === 'string' ? { cloudFrontPlan: tier.toLowerCase() as CloudFrontPlanName } : {};
}

/** The API stage's access log format (one line per request, billed as log ingestion). */
export function accessLogFormatOf(templates: CfnTemplate[]): string {
  const stage = resourcesOf(templates).find(([, resource]) => resource.Type === 'AWS::ApiGateway::Stage');
  const format = (stage?.[1].Properties?.['AccessLogSetting'] as { Format?: string } | undefined)?.Format;
  if (!format) throw new Error('the API stage has no access log format');
  return format;
}
