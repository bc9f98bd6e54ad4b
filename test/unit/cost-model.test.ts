import { describe, expect, it } from 'vitest';
import { runsPerMonth } from '../../bin/bench/app-inventory';
import { estimateMonthlyCost, totals, worstCasePerGeneration, type Inventory, type LineItem, type Measured, type UsageModel } from '../../bin/bench/cost-model';
import { PRICES, type PriceTable } from '../../bin/bench/prices';

/** A small case whose figures are worked out by hand below (100 users, round numbers). */
const inventory: Inventory = {
  metricAlarms: 4,
  alarmMetrics: { standard: 6, highResolution: 1 },
  compositeAlarms: 1,
  dashboards: 1,
  dashboardsWithinFreeMetrics: 1,
  kmsKeys: 2,
  sqsEventSources: 1,
  secrets: 1,
  webAcls: 1,
  wafRules: 3,
  customMetrics: 12,
  customMetricsByEmission: { scheduled: 2, traffic: 4, daily: 2, events: 4 },
  memoryMb: { api: 1024, authorizer: 512, ai: 1024, publisher: 1024, reconciler: 1024, health: 1024, healthProbe: 1024, backupEvents: 1024 },
  scheduledRunsPerMonth: { reconciler: 10, healthProbe: 10, backupEvents: 0 },
  backupsKept: { warm: 10, cold: 5 },
  restoreTestsPerMonth: 2,
};
const usage: UsageModel = {
  monthlyActiveShare: 0.5,
  activeDaysPerMonth: 2,
  sessionsPerActiveDay: 1,
  apiRequestsPerSession: 10,
  readShareOfRequests: 0.5,
  preflightsPerRequest: 0.5,
  authorizerCallsPerSession: 1,
  firstLoadShareOfSessions: 0,
  postsPublishedPerActiveUser: 1,
  aiRequestsPerActiveUser: 2,
  variantsPerAiRequest: 2,
  typicalOutputTokens: 100,
  durationMs: { api: 1000, authorizer: 1000, ai: 1000, publisher: 1000, reconciler: 1000, health: 1000, healthProbe: 1000, backupEvents: 1000 },
  coldStartShare: 0,
  rru: { authorizerProfile: 1, read: 2, ai: 0, publish: 0, reconcilerRun: 0, health: 0 },
  wru: { meter: 1, write: 2, dailyActive: 0, schedule: 0, publish: 0, ai: 0 },
  bytesStoredPerUser: 10_000_000,
  platformLogBytesPerInvocation: 0,
  otherLogBytesPerInvocation: 0,
  apiResponseBytes: 0,
  sqsIdlePollRequestsPerMonth: 0,
  kmsEncryptsPerActiveUser: 0,
  metricHoursShare: { scheduled: 1, traffic: 0.5, daily: 0.25, events: 0 },
  media: { uploadsPerActiveUser: 2, bytesPerUpload: 1e9, monthsKept: 3, previewGetsPerUpload: 10, previewBytesShare: 0.1 },
};
const measured: Measured = {
  emfBytesPerApiRequest: 0,
  accessLogBytesPerRequest: 0,
  promptTokens: { typical: 1000, worst: 3000 },
  outputTokenCap: { typical: 500, worst: 1000 },
  freeAiGenerationsPerDay: 1,
  webFirstLoadBytes: 0,
};
const prices: PriceTable = { ...PRICES };

const find = (items: LineItem[], service: string, starts: string) => {
  const found = items.find((item) => item.service === service && item.item.startsWith(starts));
  if (!found) throw new Error(`no line ${service}: ${starts}`);
  return found;
};

describe('the monthly cost model', () => {
  // 100 users, half active = 50; 50 × 2 days × 1 session = 100 sessions × 10 = 1,000 requests;
  // AI: 50 × 2 = 100 requests, 200 generations; posts: 50.
  const items = estimateMonthlyCost(100, inventory, usage, measured, prices);

  it('counts API Gateway requests as session requests + AI requests + half as many preflights + probe runs', () => {
    // (1,000 + 100) × 1.5 + 10 probe runs = 1,660 requests.
    const api = find(items, 'API Gateway', 'REST API requests');
    expect(api.quantity).toBeCloseTo(1660 / 1e6, 12);
    expect(api.monthly).toBeCloseTo((1660 / 1e6) * 3.5, 12);
  });

  it('prices the media bucket: files kept × months, requests per upload, bytes out (previews, to LinkedIn)', () => {
    const items = estimateMonthlyCost(1000, inventory, usage, measured, prices);
    // 500 active users × 2 uploads of 1 GB, kept 3 months.
    expect(find(items, 'S3', 'media storage').quantity).toBe(3000);
    expect(find(items, 'S3', 'media PUT').quantity).toBe(4);
    expect(find(items, 'S3', 'media GET').quantity).toBe(22);
    // Each upload leaves AWS once to LinkedIn and 10 × 10% as previews: 2 GB per upload.
    expect(find(items, 'S3', 'media data transfer out').quantity).toBe(2000);
  });

  it('prices Lambda compute from invocations × seconds × memory in GB', () => {
    // api 1,000 × 1 s × 1 GB + ai 100 × 1 GB + authorizer 100 sessions × 0.5 GB + publisher 50 + reconciler 10 + health 10 + probe 10 = 1,230 GB-s.
    const compute = find(items, 'Lambda', 'compute');
    expect(compute.quantity).toBeCloseTo(1230, 9);
    expect(compute.monthly).toBeCloseTo(1230 * 0.0000133334, 12);
    // 1,000 + 100 + 100 + 50 + 10 + 10 + 10 invocations.
    expect(find(items, 'Lambda', 'requests').quantity).toBeCloseTo(1280 / 1e6, 12);
  });

  it('counts DynamoDB units per request type', () => {
    // Reads: 100 authorizer calls × 1 + 1,000 × 0.5 read share × 2 = 1,100. Writes: 1,100 metered × 1 + 500 writes × 2 = 2,100.
    expect(find(items, 'DynamoDB', 'read request units').quantity).toBeCloseTo(1100 / 1e6, 12);
    expect(find(items, 'DynamoDB', 'write request units').monthly).toBeCloseTo((2100 / 1e6) * 0.625, 12);
  });

  it('prices backups as full copies of the table: stored GB × copies kept, and restores per test', () => {
    // 100 users × 10 MB = 1 GB; 10 warm copies = 10 GB-month at $0.10, 5 cold = 5 GB-month at $0.03; 2 restores of 1 GB at $0.15.
    expect(find(items, 'AWS Backup', 'backups kept warm').monthly).toBeCloseTo(1, 12);
    expect(find(items, 'AWS Backup', 'backups kept cold').monthly).toBeCloseTo(0.15, 12);
    expect(find(items, 'AWS Backup', 'weekly restore').monthly).toBeCloseTo(0.3, 12);
  });

  it('takes fixed resources from the inventory: alarms, composites, keys, web ACLs and their rules', () => {
    expect(find(items, 'CloudWatch', 'alarm metrics, standard').monthly).toBeCloseTo(0.6, 12);
    expect(find(items, 'CloudWatch', 'alarm metrics, high resolution').monthly).toBeCloseTo(0.3, 12);
    expect(find(items, 'CloudWatch', 'composite').monthly).toBeCloseTo(0.5, 12);
    expect(find(items, 'KMS', 'customer managed keys').monthly).toBe(2);
    expect(find(items, 'WAF', 'web ACLs').monthly).toBe(5);
    expect(find(items, 'WAF', 'rules').monthly).toBe(3);
  });

  it('bills custom metrics for the hours each kind is sent: 2 scheduled + 4 traffic × 0.5 + 2 daily × 0.25 + 4 events × 0', () => {
    const metrics = find(items, 'CloudWatch', 'custom metrics');
    expect(metrics.quantity).toBeCloseTo(4.5, 12);
    expect(metrics.monthly).toBeCloseTo(4.5 * 0.3, 12);
  });

  it('with a CloudFront flat-rate plan, prices the edge (CloudFront and its WAF web ACL) as the smallest plan covering the month', () => {
    const free = estimateMonthlyCost(100, { ...inventory, cloudFrontPlan: 'free' }, usage, measured, prices);
    expect(free.filter((item) => item.service === 'WAF')).toEqual([]);
    expect(find(free, 'CloudFront', 'flat-rate plan free').monthly).toBe(0);
    // 1,660 requests: Free holds 1,000,000. 300,000 users make (3,000,000 + 300,000) × 1.5 ≈ 4.95 M: Pro (10 M).
    const big = estimateMonthlyCost(300_000, { ...inventory, cloudFrontPlan: 'free' }, usage, measured, prices);
    expect(find(big, 'CloudFront', 'flat-rate plan pro (over free: move up)').monthly).toBe(15);
    expect(find(estimateMonthlyCost(100, { ...inventory, cloudFrontPlan: 'business' }, usage, measured, prices), 'CloudFront', 'flat-rate plan business').monthly).toBe(200);
  });

  it('applies a never-expiring allowance only to the "after free" figure', () => {
    const cognito = find(items, 'Cognito', 'monthly active users');
    expect(cognito.monthly).toBeCloseTo(50 * 0.0055, 12);
    expect(cognito.monthlyAfterFree).toBe(0);
    const dashboards = estimateMonthlyCost(100, { ...inventory, dashboards: 5, dashboardsWithinFreeMetrics: 5 }, usage, measured, prices);
    expect(find(dashboards, 'CloudWatch', 'dashboards').monthlyAfterFree).toBe(2 * 3);
    // A dashboard of more than 50 metrics is never one of the free ones.
    const big = estimateMonthlyCost(100, { ...inventory, dashboardsWithinFreeMetrics: 0 }, usage, measured, prices);
    expect(find(big, 'CloudWatch', 'dashboards').monthlyAfterFree).toBe(3);
  });

  it('totals AWS apart from OpenAI, and keeps the OpenAI worst case out of every total', () => {
    // Typical OpenAI: 100 requests × 1,000 input tokens at $0.40/M + 200 generations × 100 tokens at $1.60/M.
    const t = totals(items);
    expect(t.openAiTypical).toBeCloseTo(0.04 + 0.032, 12);
    const awsSum = items.filter((item) => item.service !== 'OpenAI').reduce((sum, item) => sum + item.monthly, 0);
    expect(t.aws).toBeCloseTo(awsSum, 12);
    expect(t.withOpenAi).toBeCloseTo(awsSum + 0.072, 12);
    // Worst: 100 users × 1 a day × 30 days = 3,000 generations; each 3,000/3 input tokens and 1,000 output tokens.
    expect(worstCasePerGeneration(measured, prices)).toBeCloseTo((1000 * 0.4 + 1000 * 1.6) / 1e6, 15);
    expect(t.openAiWorst).toBeCloseTo(3000 * 0.002, 12);
  });
});

describe('schedule expressions as runs a month', () => {
  it('reads rate() and daily, weekly and monthly cron expressions over a 730-hour month', () => {
    expect(runsPerMonth('rate(5 minutes)')).toBe(8760);
    expect(runsPerMonth('rate(1 hour)')).toBe(730);
    expect(runsPerMonth('cron(0 5 * * ? *)')).toBeCloseTo(730 / 24, 9);
    expect(runsPerMonth('cron(0 3 ? * MON *)')).toBeCloseTo(730 / 24 / 7, 9);
    expect(runsPerMonth('cron(0 5 1 * ? *)')).toBe(1);
    expect(() => runsPerMonth('at(2026-01-01T00:00:00)')).toThrow(/unsupported/);
  });
});
