import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { THRESHOLDS } from '../../lib/monitoring/thresholds';
import { LINKEDIN_VERSION_WARNING_DAYS } from '@contract/linkedin-version';
import { BUSINESS_EVENTS } from '@contract/metric-names';
import { businessCounts } from '../../lib/constructs/ops-dashboard';
import { alarmsOf, expressionOf, metricOf, periodOf, type AlarmProperties } from './support/alarms';
import { actionsOf, roleStatements } from './support/api-template';
import { monitoringWithPublishing } from './support/monitoring';
import { buildApp, logicalId, synthApp } from './support/synth';

const { monitoring, stacks } = synthApp();
const alarms = alarmsOf(monitoring);
const topicRef = (topic: { node: { defaultChild?: unknown } } & object) => ({ Ref: logicalId(topic as never) });
const notify = topicRef(stacks.monitoring.topics.notify);
const page = topicRef(stacks.monitoring.topics.page);
const API = '[ApiName=mark0-dev-api, Stage=dev]';
const SERVICE = '[service=mark0]';

function alarm(name: string): AlarmProperties & { logicalId: string } {
  const found = alarms.get(`mark0-dev-${name}`);
  if (!found) throw new Error(`No alarm mark0-dev-${name}; have ${[...alarms.keys()].join(', ')}`);
  return found;
}

/** The evaluation of an alarm in one line: what the spec below reads. */
function rule(a: AlarmProperties) {
  return {
    period: periodOf(a),
    threshold: a.Threshold,
    comparison: a.ComparisonOperator,
    evaluationPeriods: a.EvaluationPeriods,
    datapointsToAlarm: a.DatapointsToAlarm ?? a.EvaluationPeriods,
    missing: a.TreatMissingData,
  };
}

describe('the monitoring stack: each alarm at the plan\'s thresholds', () => {
  it('API 5XX rate > 5%: 5XXError / Count from 20 requests, 2 of 3 five-minute windows, no traffic is fine', () => {
    const a = alarm('api-5xx-rate');
    expect(expressionOf(a)).toEqual({
      expression: `IF(requests >= ${THRESHOLDS.apiMinRequestsPer5Min}, 100 * errors / requests, 0)`,
      inputs: { errors: `AWS/ApiGateway/5XXError Sum ${API}`, requests: `AWS/ApiGateway/Count Sum ${API}` },
    });
    expect(rule(a)).toEqual({ period: 300, threshold: 5, comparison: 'GreaterThanThreshold', evaluationPeriods: 3, datapointsToAlarm: 2, missing: 'notBreaching' });
  });

  it('API 4XX surge > 25% for three windows running', () => {
    const a = alarm('api-4xx-surge');
    expect(expressionOf(a).inputs).toEqual({ errors: `AWS/ApiGateway/4XXError Sum ${API}`, requests: `AWS/ApiGateway/Count Sum ${API}` });
    expect(rule(a)).toEqual({ period: 300, threshold: 25, comparison: 'GreaterThanThreshold', evaluationPeriods: 3, datapointsToAlarm: 3, missing: 'notBreaching' });
  });

  it('API latency p99 > 2 s (API Gateway Latency, authorizer included), from 20 requests, 2 of 3 windows', () => {
    const a = alarm('api-latency-p99');
    expect(expressionOf(a)).toEqual({
      expression: 'IF(requests >= 20, p99, 0)',
      inputs: { p99: `AWS/ApiGateway/Latency p99 ${API}`, requests: `AWS/ApiGateway/Count Sum ${API}` },
    });
    expect(rule(a)).toEqual({ period: 300, threshold: 2000, comparison: 'GreaterThanThreshold', evaluationPeriods: 3, datapointsToAlarm: 2, missing: 'notBreaching' });
  });

  it('health probe: HealthProbeSuccess minimum < 1 in 2 of 3 probes; a silent probe is INSUFFICIENT_DATA, which emails', () => {
    const a = alarm('health-probe');
    expect(metricOf(a)).toBe(`Mark0/HealthProbeSuccess Minimum ${SERVICE}`);
    expect(rule(a)).toEqual({ period: 300, threshold: 1, comparison: 'LessThanThreshold', evaluationPeriods: 3, datapointsToAlarm: 2, missing: 'missing' });
    expect(a.InsufficientDataActions).toEqual([notify]);
  });

  it('Lambda errors and throttles: one in 5 minutes of any function, on the account-wide metrics (two alarms, not two per function)', () => {
    for (const [kind, metric] of [['errors', 'Errors'], ['throttles', 'Throttles']] as const) {
      const a = alarm(`lambda-${kind}`);
      expect(a).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: metric, Statistic: 'Sum' });
      expect(a.Dimensions).toBeUndefined();
      expect(rule(a)).toEqual({ period: 300, threshold: 1, comparison: 'GreaterThanOrEqualToThreshold', evaluationPeriods: 1, datapointsToAlarm: 1, missing: 'notBreaching' });
    }
    expect([...alarms.keys()].filter((name) => /-fn-/.test(name))).toEqual([]);
  });

  it('account concurrency > 80% of the limit from context (default 1000) for 5 minutes', () => {
    const a = alarm('lambda-concurrency');
    expect(metricOf(a)).toBe('AWS/Lambda/ConcurrentExecutions Maximum');
    expect(rule(a)).toEqual({ period: 60, threshold: 800, comparison: 'GreaterThanThreshold', evaluationPeriods: 5, datapointsToAlarm: 5, missing: 'notBreaching' });
    const custom = alarmsOf(synthApp({ lambdaConcurrencyLimit: '400' }).monitoring).get('mark0-dev-lambda-concurrency')!;
    expect(custom.Threshold).toBe(320);
  });

  it('DynamoDB throttled reads and writes of the table and every index, two windows running', () => {
    const a = alarm('dynamodb-throttles');
    const { expression, inputs } = expressionOf(a);
    expect(expression).toBe('SUM([tableReads, tableWrites, index0Reads, index0Writes, index1Reads, index1Writes])');
    expect(Object.values(inputs)).toEqual([
      'AWS/DynamoDB/ReadThrottleEvents Sum [TableName=ref]',
      'AWS/DynamoDB/WriteThrottleEvents Sum [TableName=ref]',
      'AWS/DynamoDB/ReadThrottleEvents Sum [GlobalSecondaryIndexName=GSI1, TableName=ref]',
      'AWS/DynamoDB/WriteThrottleEvents Sum [GlobalSecondaryIndexName=GSI1, TableName=ref]',
      'AWS/DynamoDB/ReadThrottleEvents Sum [GlobalSecondaryIndexName=GSI2, TableName=ref]',
      'AWS/DynamoDB/WriteThrottleEvents Sum [GlobalSecondaryIndexName=GSI2, TableName=ref]',
    ]);
    expect(rule(a)).toEqual({ period: 300, threshold: 1, comparison: 'GreaterThanOrEqualToThreshold', evaluationPeriods: 2, datapointsToAlarm: 2, missing: 'notBreaching' });
  });

  it('DynamoDB p99 latency: the worst of the operations users wait for above 250 ms for 15 minutes', () => {
    const a = alarm('dynamodb-latency-p99');
    const { expression, inputs } = expressionOf(a);
    expect(expression).toBe('MAX([getItem, query, transactWriteItems])');
    expect(inputs['getItem']).toBe('AWS/DynamoDB/SuccessfulRequestLatency p99 [Operation=GetItem, TableName=ref]');
    expect(rule(a)).toEqual({ period: 300, threshold: 250, comparison: 'GreaterThanThreshold', evaluationPeriods: 3, datapointsToAlarm: 3, missing: 'notBreaching' });
  });

  it('publish failure rate > 10% of attempts (from 5) in two 15-minute windows, from the publisher\'s metrics by name', () => {
    const a = alarm('publish-failure-rate');
    expect(expressionOf(a)).toEqual({
      expression: 'IF(FILL(published, 0) + FILL(failed, 0) >= 5, 100 * FILL(failed, 0) / (FILL(published, 0) + FILL(failed, 0)), 0)',
      inputs: { published: `Mark0/PostsPublished Sum ${SERVICE}`, failed: `Mark0/PostsFailed Sum ${SERVICE}` },
    });
    expect(rule(a)).toEqual({ period: 900, threshold: 10, comparison: 'GreaterThanThreshold', evaluationPeriods: 2, datapointsToAlarm: 2, missing: 'notBreaching' });
  });

  it('posts published late: PublishDelaySeconds p95 > 180 s in 2 of 3 windows', () => {
    const a = alarm('publish-late');
    expect(metricOf(a)).toBe(`Mark0/PublishDelaySeconds p95 ${SERVICE}`);
    expect(rule(a)).toEqual({ period: 300, threshold: 180, comparison: 'GreaterThanThreshold', evaluationPeriods: 3, datapointsToAlarm: 2, missing: 'notBreaching' });
  });

  it(`LinkedIn-Version: the daily check's LinkedInVersionDaysLeft at ${LINKEDIN_VERSION_WARNING_DAYS} or fewer, emailed, with its runbook entry`, () => {
    const a = alarm('linkedin-version');
    expect(metricOf(a)).toBe(`Mark0/LinkedInVersionDaysLeft Minimum ${SERVICE}`);
    expect(rule(a)).toEqual({ period: 86_400, threshold: LINKEDIN_VERSION_WARNING_DAYS, comparison: 'LessThanOrEqualToThreshold', evaluationPeriods: 1, datapointsToAlarm: 1, missing: 'notBreaching' });
    expect(a.AlarmActions).toEqual([notify]);
    expect(a.AlarmDescription).toMatch(/Runbook: docs\/RUNBOOK\.md#linkedin-version$/);
    // Watched like every function (the account-wide lambda-errors): a check that fails says so.
    expect(alarms.has('mark0-dev-lambda-errors')).toBe(true);
  });

  it('OpenAI: 5 failures in 5 minutes, and the breaker open at all', () => {
    // One series for every reason (the reason is in the log line): one billed alarm metric, not one per reason.
    expect(metricOf(alarm('ai-failures'))).toBe(`Mark0/AiFailures Sum ${SERVICE}`);
    expect(rule(alarm('ai-failures'))).toMatchObject({ period: 300, threshold: 5, comparison: 'GreaterThanOrEqualToThreshold', evaluationPeriods: 1 });
    expect(metricOf(alarm('ai-breaker-open'))).toBe(`Mark0/AiBreakerOpen Maximum ${SERVICE}`);
    expect(rule(alarm('ai-breaker-open'))).toMatchObject({ period: 300, threshold: 1, comparison: 'GreaterThanOrEqualToThreshold', evaluationPeriods: 1 });
  });

  it('backups: a failed job within the hour; no completed backup for 2 days; a failed restore test; no passed restore test for 7 days', () => {
    expect(metricOf(alarm('backup-failed'))).toBe(`Mark0/BackupJobsFailed Sum ${SERVICE}`);
    expect(rule(alarm('backup-failed'))).toEqual({ period: 3600, threshold: 1, comparison: 'GreaterThanOrEqualToThreshold', evaluationPeriods: 1, datapointsToAlarm: 1, missing: 'notBreaching' });
    expect(metricOf(alarm('backup-missing'))).toBe(`Mark0/BackupJobsCompleted Sum ${SERVICE}`);
    expect(rule(alarm('backup-missing'))).toEqual({ period: 86400, threshold: 1, comparison: 'LessThanThreshold', evaluationPeriods: 2, datapointsToAlarm: 2, missing: 'missing' });
    expect(metricOf(alarm('restore-test-failed'))).toBe(`Mark0/RestoreTestsFailed Sum ${SERVICE}`);
    expect(metricOf(alarm('restore-test-overdue'))).toBe(`Mark0/RestoreTestsPassed Sum ${SERVICE}`);
    expect(rule(alarm('restore-test-overdue'))).toEqual({ period: 86400, threshold: 1, comparison: 'LessThanThreshold', evaluationPeriods: 7, datapointsToAlarm: 7, missing: 'missing' });
    for (const name of ['backup-missing', 'restore-test-overdue']) expect(alarm(name).InsufficientDataActions).toEqual([notify]);
  });

  it('fits every alarm in CloudWatch\'s evaluation limits (a day under one-hour periods, a week otherwise)', () => {
    for (const a of alarms.values()) {
      const range = periodOf(a) * a.EvaluationPeriods;
      expect(range, a.AlarmName).toBeLessThanOrEqual(periodOf(a) < 3600 ? 86_400 : 604_800);
    }
  });

  it('states in every description what the alarm means, how missing data counts and why, and its runbook link', () => {
    for (const a of alarms.values()) {
      expect(a.AlarmDescription, a.AlarmName).toMatch(/^.{40,}\. Missing data counts as (fine|breaching|missing|ignored): .{20,} Runbook: docs\/RUNBOOK\.md#[a-z0-9-]+$/);
    }
  });
});

describe('the monitoring stack: who hears about it', () => {
  it('sends every alarm, and its recovery, to the notify topic', () => {
    expect(alarms.size).toBeGreaterThan(20);
    for (const a of alarms.values()) {
      expect(a.AlarmActions, a.AlarmName).toEqual([notify]);
      expect(a.OKActions, a.AlarmName).toEqual([notify]);
    }
  });

  it('pages (page topic) through one composite "users are hurt now": API 5XX, API latency, health probe, late posts, a stuck publish queue', () => {
    const composites = Object.values(monitoring.findResources('AWS::CloudWatch::CompositeAlarm')) as { Properties: Record<string, unknown> }[];
    expect(composites).toHaveLength(1);
    const composite = composites[0]!.Properties;
    expect(composite).toMatchObject({ AlarmName: 'mark0-dev-users-hurt', AlarmActions: [page], OKActions: [page] });
    expect(composite['AlarmDescription']).toMatch(/Runbook: docs\/RUNBOOK\.md#users-hurt$/);
    const rule = JSON.stringify(composite['AlarmRule']);
    const children = [...rule.matchAll(/"Fn::GetAtt":\["([^"]+)","Arn"\]/g)].map((m) => m[1]);
    expect(children.sort()).toEqual(['api-5xx-rate', 'api-latency-p99', 'health-probe', 'publish-late', 'publish-queue-age'].map((n) => alarm(n).logicalId).sort());
    expect(rule.match(/ALARM\(/g)).toHaveLength(5);
    expect(rule).toContain(') OR ALARM(');
  });

  it('encrypts both topics with the data stack\'s customer-managed, rotated notifications key, whose policy lets CloudWatch use it', () => {
    monitoring.resourceCountIs('AWS::SNS::Topic', 2);
    monitoring.resourceCountIs('AWS::KMS::Key', 0);
    expect(stacks.monitoring.topics.key).toBe(stacks.data.notificationsKey);
    for (const topic of Object.values(monitoring.findResources('AWS::SNS::Topic'))) {
      expect(JSON.stringify(topic.Properties.KmsMasterKeyId)).toContain(logicalId(stacks.data.notificationsKey));
    }
    Template.fromStack(stacks.data).hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          { Sid: 'AllowCloudWatchAlarmsToPublishToEncryptedTopics', Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' },
        ]),
      },
    });
  });

  it('lets only TLS in, and only this account\'s alarms publish, on both topics', () => {
    for (const topic of [stacks.monitoring.topics.page, stacks.monitoring.topics.notify]) {
      monitoring.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: logicalId(topic) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
              Condition: { ArnLike: { 'aws:SourceArn': Match.anyValue() }, StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            }),
          ]),
        },
      });
    }
  });

  it('subscribes nobody without context, and the emails (both topics) and SMS numbers (page only) from -c alarmEmail / -c alarmSms', () => {
    monitoring.resourceCountIs('AWS::SNS::Subscription', 0);
    const { monitoring: subscribed, stacks: s } = synthApp({ alarmEmail: 'ops@example.com,oncall@example.org', alarmSms: '+33612345678' });
    const subs = Object.values(subscribed.findResources('AWS::SNS::Subscription')).map((r) => (r as { Properties: { Protocol: string; Endpoint: string; TopicArn: { Ref: string } } }).Properties);
    const pageId = logicalId(s.monitoring.topics.page);
    const notifyId = logicalId(s.monitoring.topics.notify);
    expect(subs.map((sub) => `${sub.TopicArn.Ref === pageId ? 'page' : sub.TopicArn.Ref === notifyId ? 'notify' : '?'} ${sub.Protocol} ${sub.Endpoint}`).sort()).toEqual([
      'notify email oncall@example.org',
      'notify email ops@example.com',
      'page email oncall@example.org',
      'page email ops@example.com',
      'page sms +33612345678',
    ]);
  });

  it('fails the synth with a clear message on a bad email address or a phone number that is not E.164', () => {
    expect(() => buildApp({ alarmEmail: 'ops@example' })).toThrow('Invalid context "alarmEmail": "ops@example" is not an email address');
    expect(() => buildApp({ alarmSms: '06 12 34 56 78' })).toThrow('Invalid context "alarmSms": "06 12 34 56 78" is not an E.164 phone number');
  });
});

describe('the monitoring stack: probe and dashboard', () => {
  it('probes the deployed GET /health every 5 minutes with a function that may only write its logs', () => {
    const probe = stacks.monitoring.healthProbe;
    const fn = (monitoring.toJSON()['Resources'][logicalId(probe.function)] as { Properties: { Environment: { Variables: Record<string, unknown> }; MemorySize: number; Timeout: number } }).Properties;
    expect(fn).toMatchObject({ MemorySize: 256, Timeout: 15 });
    // The API's URL (read from the API stack) with health appended: https://<api>.execute-api.<region>.<suffix>/<stage>/health
    const url = JSON.stringify(fn.Environment.Variables['HEALTH_URL']);
    expect(url).toMatch(/^\{"Fn::Join":\["",\["https:\/\/",\{"Fn::GetStackOutput".*"\/health"\]\]\}$/);
    monitoring.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(probe.function), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } })],
    });
    expect(actionsOf(roleStatements(monitoring, logicalId(probe.role)))).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  it('has one dashboard with alarm status, traffic, errors, latency percentiles, the publishing funnel, AI usage and cost, DAU and backups', () => {
    const dashboards = Object.values(monitoring.findResources('AWS::CloudWatch::Dashboard')) as { Properties: { DashboardName: string; DashboardBody: unknown } }[];
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]!.Properties.DashboardName).toBe('mark0-dev-operations');
    const body = JSON.stringify(dashboards[0]!.Properties.DashboardBody);
    for (const title of ['Alarms', 'Traffic: API requests', 'Errors: API 4XX and 5XX', 'Latency: API Gateway (ms)', 'Posts scheduled per hour', 'Publishing: published / failed', 'Publish delay', 'AI per day: requests, generations, tokens, cost proxy', 'Daily active users', 'Mails sent per day', 'Backups and restore tests per day', 'Health probe']) {
      expect(body).toContain(title);
    }
    expect(body).toContain('\\"type\\":\\"alarm\\"');
    for (const stat of ['p50', 'p90', 'p99']) expect(body).toContain(`\\"stat\\":\\"${stat}\\"`);
  });

  it('counts the business events (sign-ups, sign-ins, daily active users, posts scheduled, AI use, mails sent) from the log lines of the functions that write them, with Logs Insights', () => {
    // The body is a Fn::Join of text and cross-stack references: each reference becomes REF(<output name>) to read the JSON.
    const joined = (Object.values(monitoring.findResources('AWS::CloudWatch::Dashboard'))[0]!.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    const text = joined.map((part) => (typeof part === 'string' ? part : `REF(${(part as { 'Fn::GetStackOutput'?: { OutputName: string } })['Fn::GetStackOutput']?.OutputName ?? 'region'})`)).join('');
    const queries = (JSON.parse(text) as { widgets: { type: string; properties: { query?: string } }[] }).widgets.filter((w) => w.type === 'log').map((w) => w.properties.query!);
    const countedIn = (message: string) => queries.filter((query) => query.includes(`sum(strcontains(message, ${JSON.stringify(message)}))`));
    const source = (fn: { logGroup: object }) => `SOURCE 'REF(PublishOutputRef${logicalId(fn.logGroup as never)}`;
    const { api, mail } = stacks;
    for (const message of [BUSINESS_EVENTS.signedUp, BUSINESS_EVENTS.signedIn, BUSINESS_EVENTS.activeToday]) expect(countedIn(message).join('\n')).toContain(source(api.authorizerFunction));
    expect(countedIn(BUSINESS_EVENTS.postScheduled).join('\n')).toContain(source(api.functions.posts));
    expect(countedIn(BUSINESS_EVENTS.postScheduled).join('\n')).toContain(source(api.functions.queue));
    expect(countedIn(BUSINESS_EVENTS.aiGeneration).join('\n')).toContain(source(api.functions.ai));
    expect(countedIn(BUSINESS_EVENTS.aiGeneration).join('\n')).toContain('sum(promptTokens + completionTokens) as tokens');
    expect(countedIn(BUSINESS_EVENTS.mailSent).join('\n')).toContain(source(mail.mailFunction));
    // None of them is a custom metric any more (each was $0.30 a month for a graph).
    for (const gone of ['DailyActiveUsers', 'SignIns', 'SignUps', 'PostsScheduled', 'AiGenerations', 'AiTokens', 'MailsSent']) expect(text).not.toContain(gone);
  });
});

describe('the monitoring stack with publishing (issue 3\'s queue, DLQ, publisher, reconciler and schedule group)', () => {
  const stack = monitoringWithPublishing();
  const template = Template.fromStack(stack);
  const withPublishing = alarmsOf(template);
  const get = (name: string) => withPublishing.get(`mark0-dev-${name}`)!;

  it('alarms when the publish DLQ holds a message, and when the oldest queued post waits over 5 minutes', () => {
    expect(get('publish-dlq')).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Statistic: 'Maximum' });
    expect(rule(get('publish-dlq'))).toEqual({ period: 300, threshold: 1, comparison: 'GreaterThanOrEqualToThreshold', evaluationPeriods: 1, datapointsToAlarm: 1, missing: 'notBreaching' });
    expect(get('publish-queue-age')).toMatchObject({ Namespace: 'AWS/SQS', MetricName: 'ApproximateAgeOfOldestMessage', Statistic: 'Maximum' });
    expect(rule(get('publish-queue-age'))).toEqual({ period: 300, threshold: 300, comparison: 'GreaterThanThreshold', evaluationPeriods: 2, datapointsToAlarm: 2, missing: 'notBreaching' });
  });

  it('alarms on scheduler target errors and drops of the schedule group, and on its DLQ (what it dead-letters, counted once)', () => {
    const { expression, inputs } = expressionOf(get('scheduler-errors'));
    expect(expression).toBe('SUM([targetErrors, dropped])');
    expect(inputs).toEqual({
      targetErrors: 'AWS/Scheduler/TargetErrorCount Sum [ScheduleGroup=mark0-dev-posts]',
      dropped: 'AWS/Scheduler/InvocationDroppedCount Sum [ScheduleGroup=mark0-dev-posts]',
    });
    expect(get('scheduler-dlq')).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1 });
  });

  it('watches the publisher and the reconciler like every function (lambda-errors), and pages on a stuck queue', () => {
    const composite = Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm'))[0] as { Properties: { AlarmRule: unknown } };
    expect(JSON.stringify(composite.Properties.AlarmRule)).toContain(get('publish-queue-age').logicalId);
  });

  it('is wired to the deployed publishing stack: its queues, schedule group and functions are watched', () => {
    for (const name of ['publish-dlq', 'publish-queue-age', 'scheduler-errors', 'scheduler-dlq']) {
      expect(alarms.has(`mark0-dev-${name}`), name).toBe(true);
    }
  });
});

describe('businessCounts (the dashboard\'s Logs Insights query)', () => {
  it('keeps the lines it counts and sums one column per event per bin, extra columns after', () => {
    expect(businessCounts({ signUps: 'user signed up', signIns: 'user signed in' }, '1d', ['sum(generations) as generations'])).toEqual([
      'filter message in ["user signed up", "user signed in"]',
      'stats sum(strcontains(message, "user signed up")) as signUps, sum(strcontains(message, "user signed in")) as signIns, sum(generations) as generations by bin(1d)',
    ]);
  });
});
