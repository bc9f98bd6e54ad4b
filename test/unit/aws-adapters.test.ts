import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, UpdateScheduleCommand, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { EventBridgePostScheduler, atExpression, scheduleName } from '@lambdas/adapters/aws/eventbridge-post-scheduler';
import { KmsTokenCipher } from '@lambdas/adapters/aws/kms-token-cipher';
import { SqsPublishQueue } from '@lambdas/adapters/aws/sqs-publish-queue';
import { EventBridgeEventPublisher } from '@lambdas/adapters/aws/eventbridge-event-publisher';
import { EVENT_SOURCE } from '@lambdas/core/publishing/publishing-rules';

/** A stand-in SDK client: records each command, answers with `respond`. */
function fakeClient<C>(respond: (command: { constructor: unknown; input: Record<string, unknown> }) => unknown = () => ({})) {
  const sent: { constructor: unknown; input: Record<string, unknown> }[] = [];
  const client = {
    send: async (command: { constructor: unknown; input: Record<string, unknown> }) => {
      sent.push(command);
      return respond(command);
    },
  } as unknown as C;
  return { client, sent };
}

const message = { userId: 'user-1', postId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', scheduledAt: '2026-12-01T08:30:00.000Z' };
const target = {
  groupName: 'mark0-dev-posts',
  queueArn: 'arn:aws:sqs:eu-west-1:1:publish',
  roleArn: 'arn:aws:iam::1:role/scheduler',
  deadLetterArn: 'arn:aws:sqs:eu-west-1:1:schedule-dlq',
};

describe('EventBridgePostScheduler', () => {
  it('creates a one-time at() schedule in UTC, no flexible window, deleted after it fires, sending the message to the queue (dead-lettering what it gives up on)', async () => {
    const { client, sent } = fakeClient<SchedulerClient>();
    await new EventBridgePostScheduler(client, target).schedule(message);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(CreateScheduleCommand);
    expect(sent[0]!.input).toMatchObject({
      Name: '01ARZ3NDEKTSV4RRFFQ69G5FAV-1796113800',
      GroupName: 'mark0-dev-posts',
      ScheduleExpression: 'at(2026-12-01T08:30:00)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: { Arn: target.queueArn, RoleArn: target.roleArn, Input: JSON.stringify(message), DeadLetterConfig: { Arn: target.deadLetterArn } },
    });
    expect(scheduleName(message).length).toBeLessThanOrEqual(64);
    expect(atExpression('2026-12-01T09:30:00+01:00')).toBe('at(2026-12-01T08:30:00)');
  });

  it('updates the schedule when one with that name exists (a retried request)', async () => {
    const { client, sent } = fakeClient<SchedulerClient>((command) => {
      if (command instanceof CreateScheduleCommand) throw new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} });
      return {};
    });
    await new EventBridgePostScheduler(client, target).schedule(message);
    expect(sent.map((c) => c.constructor)).toEqual([CreateScheduleCommand, UpdateScheduleCommand]);
  });

  it('cancels by name; a schedule already gone is fine, any other failure is logged, never thrown', async () => {
    const warnings: string[] = [];
    const gone = fakeClient<SchedulerClient>(() => {
      throw new ResourceNotFoundException({ message: 'gone', Message: 'gone', $metadata: {} });
    });
    await new EventBridgePostScheduler(gone.client, target, (m) => warnings.push(m)).cancel(message);
    expect(gone.sent[0]).toBeInstanceOf(DeleteScheduleCommand);
    expect(gone.sent[0]!.input).toEqual({ Name: scheduleName(message), GroupName: target.groupName });
    expect(warnings).toEqual([]);
    const broken = fakeClient<SchedulerClient>(() => {
      throw new Error('throttled');
    });
    await expect(new EventBridgePostScheduler(broken.client, target, (m) => warnings.push(m)).cancel(message)).resolves.toBeUndefined();
    expect(warnings).toEqual(['could not delete a schedule']);
  });
});

describe('KmsTokenCipher', () => {
  it('encrypts and decrypts with the user id as encryption context', async () => {
    const { client, sent } = fakeClient<KMSClient>((command) =>
      command instanceof EncryptCommand ? { CiphertextBlob: Uint8Array.from([1, 2, 3]) } : { Plaintext: new TextEncoder().encode('token') },
    );
    const cipher = new KmsTokenCipher(client, 'arn:aws:kms:eu-west-1:1:key/k');
    const sealed = await cipher.encrypt('token', 'user-1');
    expect(sealed).toBe('kms:v1:AQID');
    expect(await cipher.decrypt(sealed, 'user-1')).toBe('token');
    expect(sent.map((c) => c.constructor)).toEqual([EncryptCommand, DecryptCommand]);
    for (const command of sent) expect(command.input['EncryptionContext']).toEqual({ purpose: 'linkedin-access-token', userId: 'user-1' });
  });
});

describe('SqsPublishQueue', () => {
  it('sends the message as JSON, with a delay within SQS\'s 0-900 seconds', async () => {
    const { client, sent } = fakeClient<SQSClient>();
    const queue = new SqsPublishQueue(client, 'https://sqs/queue');
    await queue.send(message);
    await queue.send(message, { delaySeconds: 5000 });
    expect(sent[0]).toBeInstanceOf(SendMessageCommand);
    expect(sent[0]!.input).toEqual({ QueueUrl: 'https://sqs/queue', MessageBody: JSON.stringify(message) });
    expect(sent[1]!.input['DelaySeconds']).toBe(900);
  });
});

describe('EventBridgeEventPublisher', () => {
  it('puts post.published on the bus, and only logs when EventBridge refuses', async () => {
    const { client, sent } = fakeClient<EventBridgeClient>(() => ({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] }));
    const warnings: unknown[] = [];
    const events = new EventBridgeEventPublisher(client, 'mark0-dev-publishing', (m, d) => warnings.push([m, d]));
    await events.publish({ type: 'post.published', userId: 'u', postId: 'p', scheduledAt: null, publishedAt: '2026-01-01T00:00:00Z', linkedinUrn: 'urn:li:share:1' });
    expect(sent[0]).toBeInstanceOf(PutEventsCommand);
    expect(sent[0]!.input['Entries']).toEqual([
      { EventBusName: 'mark0-dev-publishing', Source: EVENT_SOURCE, DetailType: 'post.published', Detail: JSON.stringify({ userId: 'u', postId: 'p', scheduledAt: null, publishedAt: '2026-01-01T00:00:00Z', linkedinUrn: 'urn:li:share:1' }) },
    ]);
    expect(warnings).toEqual([['event not accepted', { type: 'post.published', subject: 'post p', error: 'InternalFailure' }]]);
  });
});
