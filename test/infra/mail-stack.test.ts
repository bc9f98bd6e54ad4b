import { Template, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ENV } from '@contract/environment';
import { MAIL } from '@lambdas/core/mail/mail-rules';
import { EVENT_SOURCE } from '@lambdas/core/publishing/publishing-rules';
import { MAIL_EVENT_TYPES, MAIL_MAX_RECEIVES } from '../../lib/stacks/mail-stack';
import { roleStatements } from './support/api-template';
import { logicalId, synthApp } from './support/synth';

const { stacks, monitoring } = synthApp({ mailDomain: 'mark0.example.org', mailFrom: 'hello@mark0.example.org' });
const stack = stacks.mail;
const mail = Template.fromStack(stack);
const resources = mail.toJSON()['Resources'] as Record<string, { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }>;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

describe('the mail stack (stateless)', () => {
  it('comes after the web app (its links: the app and the API share its origin) and the publishing bus, and retains nothing', () => {
    expect(stack.dependencies.map((s) => s.stackName).sort()).toEqual(['Mark0-dev-Data', 'Mark0-dev-Publishing', 'Mark0-dev-Web']);
    for (const [id, resource] of Object.entries(resources)) expect(resource.DeletionPolicy ?? 'Delete', id).toBe('Delete');
  });

  it('verifies the configured domain with Easy DKIM, sending through a configuration set that requires TLS and keeps reputation metrics', () => {
    mail.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'mark0.example.org', ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() } });
    mail.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'mark0-dev-mail',
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    expect(Object.keys(mail.findOutputs('*')).filter((id) => id.startsWith('DkimRecord'))).toHaveLength(3);
  });

  it('reports sends, bounces and complaints to an SNS topic encrypted with a key SES may use, delivered raw to the mail queue', () => {
    mail.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: { Enabled: true, MatchingEventTypes: ['send', 'bounce', 'complaint'], SnsDestination: { TopicARN: { Ref: logicalId(stack.feedbackTopic) } } },
    });
    // The data stack's notifications key (the alarm topics' too): one key, each service's statement in its policy.
    const topic = Object.values(mail.findResources('AWS::SNS::Topic'))[0]!;
    expect(JSON.stringify(topic.Properties.KmsMasterKeyId)).toContain(logicalId(stacks.data.notificationsKey));
    mail.resourceCountIs('AWS::KMS::Key', 0);
    Template.fromStack(stacks.data).hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'ses.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) },
    });
    mail.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'ses.amazonaws.com' } })]) },
    });
    mail.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', RawMessageDelivery: true, Endpoint: { 'Fn::GetAtt': [logicalId(stack.queue), 'Arn'] } });
  });

  it('delivers post.failed, post.waiting and linkedin.connection_lost from the publishing bus to the mail queue, with a DLQ', () => {
    const [, rule] = ofType('AWS::Events::Rule').find(([, r]) => (r.Properties['EventPattern'] as { source?: string[] } | undefined)?.source?.[0] === EVENT_SOURCE)!;
    expect(rule.Properties['EventPattern']).toEqual({ source: [EVENT_SOURCE], 'detail-type': [...MAIL_EVENT_TYPES] });
    expect(JSON.stringify(rule.Properties['EventBusName'])).toContain('Publishing');
    const [target] = rule.Properties['Targets'] as { Arn: unknown; DeadLetterConfig: unknown; RetryPolicy: unknown }[];
    expect(target!.Arn).toEqual({ 'Fn::GetAtt': [logicalId(stack.queue), 'Arn'] });
    expect(target!.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [logicalId(stack.deadLetterQueue), 'Arn'] } });
    mail.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'mark0-dev-mail',
      SqsManagedSseEnabled: true,
      VisibilityTimeout: MAIL.functionTimeoutSeconds * 6,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(stack.deadLetterQueue), 'Arn'] }, maxReceiveCount: MAIL_MAX_RECEIVES },
    });
  });

  it('runs the mail function from the queue (partial batch failures), every minute (sweep) and daily (reminders)', () => {
    mail.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 10 });
    const inputs = ofType('AWS::Events::Rule').flatMap(([, r]) => ((r.Properties['Targets'] as { Input?: string }[]) ?? []).map((t) => t.Input)).filter(Boolean);
    expect(inputs.sort()).toEqual([JSON.stringify({ job: 'daily' }), JSON.stringify({ job: 'sweep' })]);
    mail.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
    mail.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: `cron(0 ${MAIL.dailyJobHourUtc} * * ? *)` });
    const fn = resources[logicalId(stack.mailFunction.function)]!;
    const variables = (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
    expect(variables[ENV.mailFrom]).toBe('hello@mark0.example.org');
    expect(Object.keys(variables)).toEqual(expect.arrayContaining([ENV.tableName, ENV.appSecretArn, ENV.webAppOrigins, ENV.apiUrl, ENV.mailConfigurationSet]));
  });

  it('may send only through its identity and configuration set, only from the configured address', () => {
    const statements = roleStatements(mail, logicalId(stack.mailFunction.role)) as { Action: string | string[]; Resource: unknown; Condition?: unknown }[];
    const send = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('ses:')));
    expect(send).toHaveLength(1);
    expect(send[0]!.Action).toBe('ses:SendEmail');
    const resource = JSON.stringify(send[0]!.Resource);
    expect(resource).toContain(':identity/mark0.example.org');
    expect(resource).toContain(':configuration-set/');
    expect(resource).not.toContain('*');
    expect(send[0]!.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'hello@mark0.example.org' } });
  });

  it('is watched: mail given up, backlog, DLQ, SES bounce and complaint rates, and the function\'s errors', () => {
    const names = Object.values(monitoring.findResources('AWS::CloudWatch::Alarm')).map((r) => (r as { Properties: { AlarmName: string } }).Properties.AlarmName);
    for (const name of ['mail-failed', 'mail-backlog', 'mail-dlq', 'mail-bounce-rate', 'mail-complaint-rate', 'lambda-errors']) expect(names).toContain(`mark0-dev-${name}`);
  });
});
