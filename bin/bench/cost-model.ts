import type { PriceTable } from './prices';

/**
 * The monthly bill as a pure function of three things: what the synthesized app
 * holds (`Inventory`, counted from its templates), how people use it
 * (`UsageModel`, stated assumptions) plus a few `Measured` sizes, and the
 * `PriceTable`. No I/O here: bin/bench/monthly-cost.ts gathers the inputs.
 */

/** Counted from the CloudFormation templates of the real app (bin/bench/app-inventory.ts). */
export interface Inventory {
  metricAlarms: number;
  /** Billed alarm metrics: one per single-metric alarm, one per metric queried by a math or Metrics Insights alarm. */
  alarmMetrics: { standard: number; highResolution: number };
  compositeAlarms: number;
  dashboards: number;
  /** Dashboards of at most 50 metrics: only those can be among an account's three free ones. */
  dashboardsWithinFreeMetrics: number;
  kmsKeys: number;
  /** SQS event sources (the publish, evergreen, mail and deletion queues): each long-polls while idle. */
  sqsEventSources: number;
  secrets: number;
  webAcls: number;
  /** Rules across all web ACLs; a managed rule group is one rule. */
  wafRules: number;
  /** Custom metric series (name × dimension values) the code can emit. */
  customMetrics: number;
  /** The same series by when they are sent: CloudWatch bills a custom metric by the hours in which it receives data. */
  customMetricsByEmission: Record<MetricEmission, number>;
  /** The CloudFront flat-rate plan of the distribution (the Plan stack), or none: pay as you go. */
  cloudFrontPlan?: CloudFrontPlanName;
  /** MemorySize of each function, from the templates. */
  memoryMb: Record<FunctionRole, number>;
  /** Invocations a month of the functions that run on a schedule (EventBridge rules' rate/cron). */
  scheduledRunsPerMonth: { reconciler: number; healthProbe: number; backupEvents: number };
  /** Backups kept at any time, in warm and in cold storage: Σ over backup plan rules of days in each tier ÷ interval. */
  backupsKept: { warm: number; cold: number };
  restoreTestsPerMonth: number;
}

/** When a metric is sent: by a schedule every hour, with user traffic, by a daily job, or on rare events (failures, sign-ups). */
export type MetricEmission = 'scheduled' | 'traffic' | 'daily' | 'events';

export type CloudFrontPlanName = 'free' | 'pro' | 'business' | 'premium';

export type FunctionRole = 'api' | 'authorizer' | 'ai' | 'publisher' | 'reconciler' | 'health' | 'healthProbe' | 'backupEvents';

/** Sizes measured by running the code (bin/bench/measurements.ts). */
export interface Measured {
  /** EMF line(s) one API request prints (ApiRequests + ApiLatency). */
  emfBytesPerApiRequest: number;
  /** One API Gateway access log line, the stage's format with typical values. */
  accessLogBytesPerRequest: number;
  /** Input tokens of one draft request (about 4 characters a token): no voice / a full voice. */
  promptTokens: { typical: number; worst: number };
  /** Output token cap of one draft variant: medium (typical bound) and long (worst). */
  outputTokenCap: { typical: number; worst: number };
  /** The free tier's AI generations per day (TIERS.free). */
  freeAiGenerationsPerDay: number;
  /** Compressed bytes of the web app's first load (index.html + assets). */
  webFirstLoadBytes: number;
}

/** Per active user per month unless the name says otherwise; every number is an assumption (see monthly-cost.ts). */
export interface UsageModel {
  monthlyActiveShare: number;
  activeDaysPerMonth: number;
  sessionsPerActiveDay: number;
  apiRequestsPerSession: number;
  readShareOfRequests: number;
  preflightsPerRequest: number;
  authorizerCallsPerSession: number;
  firstLoadShareOfSessions: number;
  postsPublishedPerActiveUser: number;
  aiRequestsPerActiveUser: number;
  variantsPerAiRequest: number;
  /** Output tokens of a typical variant (below the cap). */
  typicalOutputTokens: number;
  durationMs: Record<FunctionRole, number>;
  coldStartShare: number;
  rru: { authorizerProfile: number; read: number; ai: number; publish: number; reconcilerRun: number; health: number };
  wru: { meter: number; write: number; dailyActive: number; schedule: number; publish: number; ai: number };
  bytesStoredPerUser: number;
  platformLogBytesPerInvocation: number;
  otherLogBytesPerInvocation: number;
  apiResponseBytes: number;
  sqsIdlePollRequestsPerMonth: number;
  kmsEncryptsPerActiveUser: number;
  /** Share of a month's hours in which a metric of each kind receives data (so is billed). */
  metricHoursShare: Record<MetricEmission, number>;
  /** Uploads (images, documents, videos) a month, their average size, and how many months a published post's files are kept. */
  media: { uploadsPerActiveUser: number; bytesPerUpload: number; monthsKept: number; previewGetsPerUpload: number; previewBytesShare: number };
}

export type Basis = 'template' | 'assumption' | 'measured+assumption';

export interface LineItem {
  service: string;
  item: string;
  quantity: number;
  unit: string;
  unitPrice: number;
  /** Allowance AWS lists as never expiring, in the same unit; ignored by the headline total. */
  free: number;
  monthly: number;
  monthlyAfterFree: number;
  /** AWS, or OpenAI (not AWS: totalled apart), or the OpenAI worst case (a bound, in no total). */
  kind: 'aws' | 'openai' | 'openai-worst-case';
  basis: Basis;
}

function line(service: string, item: string, quantity: number, unit: string, unitPrice: number, basis: Basis, free = 0, kind: LineItem['kind'] = 'aws'): LineItem {
  return { service, item, quantity, unit, unitPrice, free, monthly: quantity * unitPrice, monthlyAfterFree: Math.max(0, quantity - free) * unitPrice, kind, basis };
}

const M = 1e6;
const GB = 1e9;

/** The itemised monthly bill for `users` registered users. */
export function estimateMonthlyCost(users: number, inv: Inventory, use: UsageModel, measured: Measured, p: PriceTable): LineItem[] {
  const active = users * use.monthlyActiveShare;
  const sessions = active * use.activeDaysPerMonth * use.sessionsPerActiveDay;
  const sessionRequests = sessions * use.apiRequestsPerSession;
  const aiRequests = active * use.aiRequestsPerActiveUser;
  const posts = active * use.postsPublishedPerActiveUser;
  const { reconciler: reconcilerRuns, healthProbe: probeRuns, backupEvents: backupRuns } = inv.scheduledRunsPerMonth;
  const userRequests = sessionRequests + aiRequests;
  const preflights = userRequests * use.preflightsPerRequest;
  const apiRequests = userRequests + preflights + probeRuns;
  const authorizerCalls = sessions * use.authorizerCallsPerSession;

  const invocations: Record<FunctionRole, number> = {
    api: sessionRequests,
    ai: aiRequests,
    authorizer: authorizerCalls,
    publisher: posts,
    reconciler: reconcilerRuns,
    health: probeRuns,
    healthProbe: probeRuns,
    backupEvents: backupRuns,
  };
  const roles = Object.keys(invocations) as FunctionRole[];
  const lambdaRequests = roles.reduce((sum, role) => sum + invocations[role], 0);
  const gbSeconds = roles.reduce((sum, role) => sum + invocations[role] * (use.durationMs[role] / 1000) * (inv.memoryMb[role] / 1024), 0);

  const rru =
    authorizerCalls * use.rru.authorizerProfile +
    sessionRequests * use.readShareOfRequests * use.rru.read +
    aiRequests * use.rru.ai +
    posts * use.rru.publish +
    reconcilerRuns * use.rru.reconcilerRun +
    probeRuns * use.rru.health;
  const wru =
    userRequests * use.wru.meter +
    sessionRequests * (1 - use.readShareOfRequests) * use.wru.write +
    active * use.activeDaysPerMonth * use.wru.dailyActive +
    posts * (use.wru.schedule + use.wru.publish) +
    aiRequests * use.wru.ai;
  const storedGb = (users * use.bytesStoredPerUser) / GB;

  const logBytes =
    apiRequests * measured.accessLogBytesPerRequest +
    (sessionRequests + aiRequests + probeRuns) * measured.emfBytesPerApiRequest +
    lambdaRequests * (use.platformLogBytesPerInvocation + use.otherLogBytesPerInvocation);
  const logGb = logBytes / GB;

  const firstLoads = sessions * use.firstLoadShareOfSessions;
  // Every session fetches index.html and config.json (never cached); a first load also the hashed assets (about 4 files).
  const cloudFrontRequests = sessions * 2 + firstLoads * 4;
  const cloudFrontGb = (firstLoads * measured.webFirstLoadBytes + sessions * 4_000) / GB;

  const coldStarts = lambdaRequests * use.coldStartShare;
  const kmsRequests = posts + active * use.kmsEncryptsPerActiveUser;
  const generations = aiRequests * use.variantsPerAiRequest;
  const worstGenerations = users * measured.freeAiGenerationsPerDay * 30;

  return [
    line('API Gateway', 'REST API requests (incl. CORS preflights, health probe)', apiRequests / M, '1M requests', p.apiGatewayPerMillion, 'assumption'),
    line('Lambda', 'requests (all functions)', lambdaRequests / M, '1M requests', p.lambdaPerMillionRequests, 'assumption', p.freeLambdaRequestsMillions),
    line('Lambda', 'compute, Arm, memory from the templates', gbSeconds, 'GB-s', p.lambdaPerGbSecondArm, 'assumption', p.freeLambdaGbSeconds),
    line('DynamoDB', 'write request units (on-demand)', wru / M, '1M WRU', p.dynamoPerMillionWru, 'assumption'),
    line('DynamoDB', 'read request units (on-demand)', rru / M, '1M RRU', p.dynamoPerMillionRru, 'assumption'),
    line('DynamoDB', 'storage (table + indexes)', storedGb, 'GB-month', p.dynamoStoragePerGbMonth, 'assumption', p.freeDynamoStorageGb),
    line('DynamoDB', 'point-in-time recovery', storedGb, 'GB-month', p.dynamoPitrPerGbMonth, 'assumption'),
    line('AWS Backup', `backups kept warm (${round(inv.backupsKept.warm)} full copies)`, storedGb * inv.backupsKept.warm, 'GB-month', p.backupWarmPerGbMonth, 'template'),
    line('AWS Backup', `backups kept cold (${round(inv.backupsKept.cold)} full copies)`, storedGb * inv.backupsKept.cold, 'GB-month', p.backupColdPerGbMonth, 'template'),
    line('AWS Backup', 'weekly restore tests', storedGb * inv.restoreTestsPerMonth, 'GB restored', p.backupRestorePerGb, 'template'),
    line('EventBridge', 'Scheduler invocations (one per post)', posts / M, '1M invocations', p.schedulerPerMillion, 'assumption', p.freeSchedulerMillions),
    line('EventBridge', 'custom events (post.published/failed)', posts / M, '1M events', p.eventBusPerMillionEvents, 'assumption'),
    line('SQS', `requests (send/receive/delete + idle long polls of ${inv.sqsEventSources} queue event sources)`, (posts * 3 + use.sqsIdlePollRequestsPerMonth * inv.sqsEventSources) / M, '1M requests', p.sqsPerMillion, 'assumption', p.freeSqsMillions),
    line('CloudWatch', 'log ingestion (Lambda, EMF, access logs)', logGb, 'GB', p.logsIngestionPerGb, 'measured+assumption', p.freeLogsGb),
    line('CloudWatch', 'log storage (30-day retention ≈ one month kept, uncompressed upper bound)', logGb, 'GB-month', p.logsStoragePerGbMonth, 'measured+assumption'),
    line('CloudWatch', `alarm metrics, standard (${inv.metricAlarms} metric alarms)`, inv.alarmMetrics.standard, 'alarm metric', p.alarmStandardPerMetric, 'template', p.freeAlarmMetrics),
    line('CloudWatch', 'alarm metrics, high resolution', inv.alarmMetrics.highResolution, 'alarm metric', p.alarmHighResPerMetric, 'template'),
    line('CloudWatch', 'composite alarms', inv.compositeAlarms, 'alarm', p.alarmComposite, 'template'),
    line('CloudWatch', `custom metrics: ${inv.customMetrics} series, billed for the hours each is sent`, metricMonths(inv, use), 'metric-month', p.customMetricPerMonth, 'template', p.freeCustomMetrics),
    line('CloudWatch', 'dashboards', inv.dashboards, 'dashboard', p.dashboardPerMonth, 'template', Math.min(p.freeDashboards, inv.dashboardsWithinFreeMetrics)),
    line('KMS', 'customer managed keys', inv.kmsKeys, 'key', p.kmsKeyPerMonth, 'template'),
    line('KMS', 'requests (token decrypt per publish, encrypt per connect)', kmsRequests / 10_000, '10k requests', p.kmsPer10kRequests, 'assumption', p.freeKmsRequests / 10_000),
    line('Secrets Manager', 'secrets', inv.secrets, 'secret', p.secretPerMonth, 'template'),
    line('Secrets Manager', 'GetSecretValue (once per cold start)', coldStarts / 10_000, '10k calls', p.secretsPer10kCalls, 'assumption'),
    line('Cognito', 'monthly active users (Lite)', active, 'MAU', p.cognitoLitePerMau, 'assumption', p.freeCognitoMau),
    // The API is served through the web app's distribution (same origin): its requests and responses are CloudFront's too.
    ...edgeLines(inv, { requests: cloudFrontRequests + apiRequests, gb: cloudFrontGb + (apiRequests * use.apiResponseBytes) / GB }, p),
    line('S3', 'GET requests from CloudFront (uncached files)', (sessions * 2 + firstLoads * 4) / 1000, '1k GETs', p.s3PerThousandGets, 'assumption'),
    ...mediaLines(active, use, p),
    line('OpenAI', 'gpt-4.1-mini input, typical (no voice)', (aiRequests * measured.promptTokens.typical) / M, '1M tokens', p.openAiInputPerMillionTokens, 'measured+assumption', 0, 'openai'),
    line('OpenAI', 'gpt-4.1-mini output, typical', (generations * use.typicalOutputTokens) / M, '1M tokens', p.openAiOutputPerMillionTokens, 'assumption', 0, 'openai'),
    line('OpenAI', 'worst case: every user at the free daily cap, 30 days', worstGenerations, 'generation', worstCasePerGeneration(measured, p), 'measured+assumption', 0, 'openai-worst-case'),
  ];
}

/** Custom metrics in metric-months: each kind of series for the share of the month's hours in which it is sent. */
function metricMonths(inv: Inventory, use: UsageModel): number {
  return (Object.keys(inv.customMetricsByEmission) as MetricEmission[]).reduce((sum, kind) => sum + inv.customMetricsByEmission[kind] * use.metricHoursShare[kind], 0);
}

/** CloudFront's flat-rate plans, smallest first, from the price table. */
export function cloudFrontPlans(p: PriceTable): { name: CloudFrontPlanName; monthly: number; requests: number; gb: number }[] {
  return [
    { name: 'free', monthly: p.cfPlanFreeMonthly, requests: p.cfPlanFreeRequests, gb: p.cfPlanFreeGb },
    { name: 'pro', monthly: p.cfPlanProMonthly, requests: p.cfPlanProRequests, gb: p.cfPlanProGb },
    { name: 'business', monthly: p.cfPlanBusinessMonthly, requests: p.cfPlanBusinessRequests, gb: p.cfPlanBusinessGb },
    { name: 'premium', monthly: p.cfPlanPremiumMonthly, requests: p.cfPlanPremiumRequests, gb: p.cfPlanPremiumGb },
  ];
}

/**
 * The edge (CloudFront and its WAF web ACL, for the web app and the API): with a flat-rate plan, one price for
 * both, the smallest plan whose allowance covers the month (never below the deployed one); without, pay as you go.
 */
function edgeLines(inv: Inventory, edge: { requests: number; gb: number }, p: PriceTable): LineItem[] {
  if (inv.cloudFrontPlan) {
    const plans = cloudFrontPlans(p);
    const deployed = plans.findIndex((plan) => plan.name === inv.cloudFrontPlan);
    const needed = plans.slice(deployed).find((plan) => edge.requests <= plan.requests && edge.gb <= plan.gb) ?? plans.at(-1)!;
    const moveUp = needed.name === inv.cloudFrontPlan ? '' : ` (over ${inv.cloudFrontPlan}: move up)`;
    const what = `flat-rate plan ${needed.name}${moveUp}, WAF in (${Math.round(edge.requests / 1000).toLocaleString('en-US')}k req, ${Math.round(edge.gb)} GB)`;
    return [line('CloudFront', what, 1, 'plan', needed.monthly, 'template')];
  }
  return [
    line('WAF', 'web ACLs', inv.webAcls, 'web ACL', p.wafWebAclPerMonth, 'template'),
    line('WAF', 'rules (managed groups count as one)', inv.wafRules, 'rule', p.wafRulePerMonth, 'template'),
    line('WAF', 'requests (web app + API)', edge.requests / M, '1M requests', p.wafPerMillionRequests, 'assumption'),
    line('CloudFront', 'HTTPS requests (web app + API)', edge.requests / 10_000, '10k requests', p.cloudFrontPer10kHttps, 'assumption', p.freeCloudFrontRequests / 10_000),
    line('CloudFront', 'data transfer out (web app + API responses)', edge.gb, 'GB', p.cloudFrontPerGb, 'measured+assumption', p.freeCloudFrontGb),
  ];
}

/**
 * One generation at its worst: a request asks for 3 variants (the prompt, with a
 * full voice, is billed once per request) and each variant runs to the long cap.
 */
/**
 * The media bucket: what is kept (files of published posts, for `monthsKept`), the requests (per upload: the
 * PUT, the check's ranged GETs, tagging twice, the publisher's GETs, the previews' GETs, the delete), and the
 * bytes leaving AWS (previews to browsers, the publisher's upload to LinkedIn). Uploads come in free.
 */
function mediaLines(active: number, use: UsageModel, p: PriceTable): LineItem[] {
  const uploads = active * use.media.uploadsPerActiveUser;
  const storedGb = (uploads * use.media.bytesPerUpload * use.media.monthsKept) / GB;
  const outGb = (uploads * use.media.bytesPerUpload * (1 + use.media.previewBytesShare * use.media.previewGetsPerUpload)) / GB;
  return [
    line('S3', 'media storage (Standard)', storedGb, 'GB-month', p.s3StandardPerGbMonth, 'assumption'),
    line('S3', 'media PUT/tagging/delete requests', (uploads * 4) / 1000, '1k requests', p.s3PerThousandPuts, 'assumption'),
    line('S3', 'media GET requests (checks, publisher, previews)', (uploads * (4 + 8 + use.media.previewGetsPerUpload)) / 1000, '1k GETs', p.s3PerThousandGets, 'assumption'),
    line('S3', 'media data transfer out (previews, to LinkedIn)', outGb, 'GB', p.dataOutPerGb, 'assumption', p.freeDataOutGb),
  ];
}

export function worstCasePerGeneration(measured: Measured, p: PriceTable): number {
  return ((measured.promptTokens.worst / 3) * p.openAiInputPerMillionTokens + measured.outputTokenCap.worst * p.openAiOutputPerMillionTokens) / M;
}

export interface Totals {
  aws: number;
  awsAfterFree: number;
  openAiTypical: number;
  openAiWorst: number;
  withOpenAi: number;
}

export function totals(items: LineItem[]): Totals {
  const sum = (list: LineItem[], pick: (item: LineItem) => number) => list.reduce((total, item) => total + pick(item), 0);
  const of = (kind: LineItem['kind']) => items.filter((item) => item.kind === kind);
  const aws = of('aws');
  const openAiTypical = sum(of('openai'), (item) => item.monthly);
  return {
    aws: sum(aws, (item) => item.monthly),
    awsAfterFree: sum(aws, (item) => item.monthlyAfterFree),
    openAiTypical,
    openAiWorst: sum(of('openai-worst-case'), (item) => item.monthly),
    withOpenAi: sum(aws, (item) => item.monthly) + openAiTypical,
  };
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
