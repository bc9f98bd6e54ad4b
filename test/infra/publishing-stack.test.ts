import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from '../../lib/constructs/app-table';
import { ENV } from '@contract/environment';
import { LINKEDIN_API_VERSION } from '@contract/linkedin-version';
import { EVERGREEN_CONCURRENCY, EVERGREEN_TIMEOUT_SECONDS } from '@contract/function-capacity';
import { EVENT_SOURCE, PUBLISHER_TIMEOUT_SECONDS, PUBLISHING, PUBLISH_MAX_RECEIVES } from '@lambdas/core/publishing/publishing-rules';
import { actionsOf, crossStackValue, roleStatements } from './support/api-template';
import { logicalId, synthApp } from './support/synth';

const { publishing, api, data, web, stacks } = synthApp({ linkedinVersion: '202609' });
const stack = stacks.publishing;
const ref = (construct: Parameters<typeof logicalId>[0]) => ({ Ref: logicalId(construct) });
const arnOf = (construct: Parameters<typeof logicalId>[0]) => ({ 'Fn::GetAtt': [logicalId(construct), 'Arn'] });
const LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const CONSUME_ACTIONS = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'];

function environmentOf(fn: Parameters<typeof logicalId>[0]): Record<string, unknown> {
  return (publishing.toJSON()['Resources'][logicalId(fn)] as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment.Variables;
}

describe('the publishing stack (stateless)', () => {
  it('is its own stack, deployed after the data stack and before the API, and holds nothing that is retained', () => {
    expect(stack.dependencies.map((s) => s.stackName).sort()).toEqual(['Mark0-dev-Data', 'Mark0-dev-Media']);
    expect(stacks.api.dependencies.map((s) => s.stackName).sort()).toEqual(['Mark0-dev-Data', 'Mark0-dev-Media', 'Mark0-dev-Publishing', 'Mark0-dev-Web']);
    for (const [id, resource] of Object.entries(publishing.toJSON()['Resources'] as Record<string, { DeletionPolicy?: string }>)) {
      expect(resource.DeletionPolicy ?? 'Delete', id).toBe('Delete');
    }
  });

  it('has a schedule group for the post schedules', () => {
    publishing.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'mark0-dev-posts' });
  });

  describe('the publish queue and its DLQ', () => {
    it('encrypts at rest (SQS-managed), refuses anything but TLS, and redrives to the DLQ after every attempt has had its turn', () => {
      publishing.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: 'mark0-dev-publish',
        SqsManagedSseEnabled: true,
        VisibilityTimeout: PUBLISHER_TIMEOUT_SECONDS * 6,
        RedrivePolicy: { deadLetterTargetArn: arnOf(stack.deadLetterQueue), maxReceiveCount: PUBLISH_MAX_RECEIVES },
      });
      // Each attempt is one receive, released by a batch failure: room for all of them, so only the unexpected reaches the DLQ.
      expect(PUBLISH_MAX_RECEIVES).toBeGreaterThan(PUBLISHING.maxAttempts);
      expect(PUBLISHING.leaseSeconds).toBeGreaterThan(PUBLISHER_TIMEOUT_SECONDS);
      publishing.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'mark0-dev-publish-dlq', SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
      for (const queue of [stack.publishQueue, stack.deadLetterQueue]) {
        publishing.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [ref(queue)],
          PolicyDocument: {
            Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Resource: arnOf(queue) })],
          },
        });
      }
    });
  });

  describe('the scheduler role', () => {
    it('may be assumed only by EventBridge Scheduler, for schedules of this account\'s post group', () => {
      publishing.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [
            {
              Action: 'sts:AssumeRole',
              Effect: 'Allow',
              Principal: { Service: 'scheduler.amazonaws.com' },
              Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnEquals: { 'aws:SourceArn': arnOf(stack.scheduleGroup) } },
            },
          ],
        },
      });
    });

    it('may send to the publish queue, the evergreen queue and its own dead-letter queue, and do nothing else', () => {
      expect(roleStatements(publishing, logicalId(stack.schedulerRole))).toEqual([
        { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: [arnOf(stack.evergreenQueue), arnOf(stack.publishQueue), arnOf(stack.schedulerDeadLetterQueue)] },
      ]);
    });

    it('dead-letters given-up deliveries into an encrypted, TLS-only queue kept 14 days', () => {
      publishing.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: 'mark0-dev-schedule-dlq',
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
    });
  });

  describe('the evergreen function', () => {
    const statements = roleStatements(publishing, logicalId(stack.evergreenFunction.role));

    it('consumes the evergreen queue in batches of 10, at once, reporting partial failures, at most EVERGREEN_CONCURRENCY batches at a time, reserved as much', () => {
      publishing.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: arnOf(stack.evergreenQueue),
        FunctionName: ref(stack.evergreenFunction.function),
        BatchSize: 10,
        MaximumBatchingWindowInSeconds: 0,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: EVERGREEN_CONCURRENCY },
      });
      publishing.hasResourceProperties('AWS::Lambda::Function', { Timeout: EVERGREEN_TIMEOUT_SECONDS, ReservedConcurrentExecutions: EVERGREEN_CONCURRENCY, Handler: 'index.handler' });
    });

    it('has an encrypted, TLS-only queue with a dead-letter queue kept 14 days, as the publish queue', () => {
      publishing.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'mark0-dev-evergreen', SqsManagedSseEnabled: true, VisibilityTimeout: EVERGREEN_TIMEOUT_SECONDS * 6, RedrivePolicy: { deadLetterTargetArn: arnOf(stack.evergreenDeadLetterQueue), maxReceiveCount: PUBLISH_MAX_RECEIVES } });
      publishing.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'mark0-dev-evergreen-dlq', SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    });

    it('reads and writes the table, reads the app secret (OpenAI key) and writes schedules; no KMS, bus, media or queue sends', () => {
      expect(actionsOf(statements)).toEqual(
        [...LOG_ACTIONS, ...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS, ...CONSUME_ACTIONS, 'secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule', 'iam:PassRole']
          .sort()
          .filter((a, i, all) => all.indexOf(a) === i),
      );
      const env = environmentOf(stack.evergreenFunction.function);
      expect(env[ENV.evergreenQueueArn]).toEqual(arnOf(stack.evergreenQueue));
      expect(env[ENV.publishQueueArn]).toEqual(arnOf(stack.publishQueue));
      expect(env[ENV.publishQueueUrl]).toBeUndefined();
    });
  });

  describe('the publisher', () => {
    const actions = actionsOf(roleStatements(publishing, logicalId(stack.publisherFunction.role)));

    it('consumes the queue in batches of 10, at once, reporting partial failures, at most 10 batches at a time', () => {
      publishing.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: arnOf(stack.publishQueue),
        FunctionName: ref(stack.publisherFunction.function),
        BatchSize: 10,
        MaximumBatchingWindowInSeconds: 0,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 10 },
      });
    });

    it('runs for at most PUBLISHER_TIMEOUT_SECONDS with the configured LinkedIn version', () => {
      publishing.hasResourceProperties('AWS::Lambda::Function', { Timeout: PUBLISHER_TIMEOUT_SECONDS, Handler: 'index.handler', Runtime: 'nodejs22.x' });
      const env = environmentOf(stack.publisherFunction.function);
      expect(env[ENV.linkedinVersion]).toBe('202609');
      expect(env[ENV.eventBusName]).toEqual(ref(stack.eventBus));
      expect(env[ENV.publishQueueUrl]).toEqual(ref(stack.publishQueue));
      expect(crossStackValue(env[ENV.tokenKeyArn], data)).toEqual(arnOf(stacks.data.tokenKey));
      // Evergreen runs are the evergreen function's: one left in the publish queue from before goes on to its queue.
      expect(env[ENV.evergreenQueueUrl]).toEqual(ref(stack.evergreenQueue));
      expect(env[ENV.appSecretArn]).toBeUndefined();
      expect(env[ENV.scheduleGroupName]).toBeUndefined();
    });

    it('may read and write the table, consume and send to the queue, send to the evergreen queue, put events on the bus, read media objects and only decrypt tokens, per user; never the app secret or schedules', () => {
      expect(actions).toEqual(
        [
          ...LOG_ACTIONS,
          ...TABLE_READ_ACTIONS,
          ...TABLE_WRITE_ACTIONS,
          ...CONSUME_ACTIONS,
          'sqs:SendMessage',
          'events:PutEvents',
          'kms:Decrypt',
          's3:GetObject',
        ]
          .sort()
          .filter((a, i, all) => all.indexOf(a) === i),
      );
      const decrypt = roleStatements(publishing, logicalId(stack.publisherFunction.role)).find((s) => s.Action === 'kms:Decrypt') as { Condition?: unknown; Resource: unknown };
      expect(decrypt.Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:purpose': 'linkedin-access-token' }, Null: { 'kms:EncryptionContext:userId': 'false' } });
      expect(crossStackValue(decrypt.Resource, data)).toEqual(arnOf(stacks.data.tokenKey));
    });

    it('sends to the publish queue and the evergreen queue only', () => {
      const send = roleStatements(publishing, logicalId(stack.publisherFunction.role)).filter((s) => s.Action === 'sqs:SendMessage');
      expect(send.flatMap((s) => s.Resource as unknown[])).toEqual(expect.arrayContaining([arnOf(stack.publishQueue), arnOf(stack.evergreenQueue)]));
      expect(send.flatMap((s) => s.Resource as unknown[])).toHaveLength(2);
    });

    it('is the only function that may decrypt LinkedIn tokens', () => {
      const all = [publishing, api].flatMap((template) =>
        Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: { Action: string | string[] }[] } } }).Properties.PolicyDocument.Statement),
      );
      expect(all.filter((s) => actionsOf([s]).includes('kms:Decrypt'))).toHaveLength(1);
    });
  });

  describe('the reconciler', () => {
    it('runs every 5 minutes', () => {
      publishing.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: `rate(${PUBLISHING.reconcileEveryMinutes} minutes)`,
        State: 'ENABLED',
        Targets: [Match.objectLike({ Arn: arnOf(stack.reconcilerFunction.function), RetryPolicy: { MaximumRetryAttempts: 0 } })],
      });
    });

    it('may only read the table and send to the queue', () => {
      expect(actionsOf(roleStatements(publishing, logicalId(stack.reconcilerFunction.role)))).toEqual([...LOG_ACTIONS, ...TABLE_READ_ACTIONS, 'sqs:SendMessage'].sort());
    });
  });

  describe('the daily LinkedIn-Version check', () => {
    const check = () => stacks.publishing.linkedinVersionFunction;

    it('runs once a day with the version the publisher sends, and may only write its logs', () => {
      publishing.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'cron(0 6 * * ? *)',
        Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(check().function), 'Arn'] } })],
      });
      expect(environmentOf(check().function)[ENV.linkedinVersion]).toBe('202609');
      expect(actionsOf(roleStatements(publishing, logicalId(check().role)))).toEqual(LOG_ACTIONS);
    });

    it('sends the code\'s LINKEDIN_API_VERSION, to the publisher and the check, when no context names one', () => {
      const plain = synthApp();
      const variables = (fn: Parameters<typeof logicalId>[0]) =>
        (plain.publishing.toJSON()['Resources'][logicalId(fn)] as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment.Variables;
      expect(variables(plain.stacks.publishing.publisherFunction.function)[ENV.linkedinVersion]).toBe(LINKEDIN_API_VERSION);
      expect(variables(plain.stacks.publishing.linkedinVersionFunction.function)[ENV.linkedinVersion]).toBe(LINKEDIN_API_VERSION);
    });
  });

  describe('events', () => {
    it('go to a custom bus, archived 30 days for replay', () => {
      publishing.hasResourceProperties('AWS::Events::EventBus', { Name: 'mark0-dev-publishing' });
      publishing.hasResourceProperties('AWS::Events::Archive', {
        ArchiveName: 'mark0-dev-publishing',
        SourceArn: arnOf(stack.eventBus),
        RetentionDays: 30,
        EventPattern: { source: [EVENT_SOURCE] },
      });
    });
  });
});

describe('the API functions that use publishing', () => {
  it('the posts function knows the schedule group, the scheduler role and the queue', () => {
    const env = (api.toJSON()['Resources'][logicalId(stacks.api.functions.posts.function)] as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment.Variables;
    expect(env[ENV.scheduleGroupName]).toBe('mark0-dev-posts');
    expect(crossStackValue(env[ENV.schedulerRoleArn], publishing)).toEqual(arnOf(stack.schedulerRole));
    expect(crossStackValue(env[ENV.publishQueueArn], publishing)).toEqual(arnOf(stack.publishQueue));
    expect(crossStackValue(env[ENV.schedulerDeadLetterQueueArn], publishing)).toEqual(arnOf(stack.schedulerDeadLetterQueue));
    expect(crossStackValue(env[ENV.publishQueueUrl], publishing)).toEqual(ref(stack.publishQueue));
  });

  it('the queue function schedules evergreen runs to the evergreen queue; the posts function schedules none', () => {
    const variables = (fn: { function: unknown }) => (api.toJSON()['Resources'][logicalId(fn.function as never)] as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment.Variables;
    expect(crossStackValue(variables(stacks.api.functions.queue)[ENV.evergreenQueueArn], publishing)).toEqual(arnOf(stack.evergreenQueue));
    expect(variables(stacks.api.functions.posts)[ENV.evergreenQueueArn]).toBeUndefined();
  });

  it('the LinkedIn function knows its callback URL (on the web app\'s origin, through CloudFront), the web origins and the token key', () => {
    const env = (api.toJSON()['Resources'][logicalId(stacks.api.functions.linkedin.function)] as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties.Environment.Variables;
    const [, [redirectScheme, redirectDomain, redirectPath]] = (env[ENV.linkedinRedirectUri] as { 'Fn::Join': [string, [string, unknown, string]] })['Fn::Join'];
    expect(redirectScheme).toBe('https://');
    expect(crossStackValue(redirectDomain, web)).toEqual({ 'Fn::GetAtt': [logicalId(stacks.web.distribution), 'DomainName'] });
    expect(redirectPath).toBe('/v1/linkedin/callback');
    // The deployed web app (the distribution's domain, from the web stack), then npm start's origin.
    const [, [scheme, domain, local]] = (env[ENV.webAppOrigins] as { 'Fn::Join': [string, [string, unknown, string]] })['Fn::Join'];
    expect(scheme).toBe('https://');
    expect(crossStackValue(domain, web)).toEqual({ 'Fn::GetAtt': [logicalId(stacks.web.distribution), 'DomainName'] });
    expect(local).toBe(',http://localhost:3000');
    expect(crossStackValue(env[ENV.tokenKeyArn], data)).toEqual(arnOf(stacks.data.tokenKey));
  });
});
