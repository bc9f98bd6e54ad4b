import { describe, expect, it } from 'vitest';
import { AwsApiError, type AwsApi } from '@lambdas/adapters/aws/aws-api';
import { EventBridgePostScheduler, atExpression, scheduleName } from '@lambdas/adapters/aws/eventbridge-post-scheduler';
import { KmsTokenCipher } from '@lambdas/adapters/aws/kms-token-cipher';
import { SqsPublishQueue } from '@lambdas/adapters/aws/sqs-publish-queue';
import { EventBridgeEventPublisher } from '@lambdas/adapters/aws/eventbridge-event-publisher';
import { EVENT_SOURCE } from '@lambdas/core/publishing/publishing-rules';

/** One call through the small AWS client (aws-api.ts): JSON-RPC (`target.operation`) or REST (`METHOD path`). */
interface Call {
  api: string;
  input: Record<string, unknown>;
}

/** A stand-in for AwsApi: records each call, answers with `respond`. */
function fakeApi(respond: (call: Call) => unknown = () => ({})) {
  const sent: Call[] = [];
  const record = async (call: Call) => {
    sent.push(call);
    return respond(call);
  };
  const api = {
    json: (target: string, _version: string, operation: string, input: unknown) => record({ api: `${target}.${operation}`, input: input as Record<string, unknown> }),
    rest: (method: string, path: string, options: { query?: Record<string, unknown>; body?: unknown } = {}) =>
      record({ api: `${method} ${path}`, input: { ...(options.query ? { query: options.query } : {}), ...((options.body as Record<string, unknown>) ?? {}) } }),
  } as unknown as AwsApi;
  return { api, sent };
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
    const { api, sent } = fakeApi();
    await new EventBridgePostScheduler(api, target).schedule(message);
    expect(sent).toHaveLength(1);
    // CreateSchedule: POST /schedules/{Name}, the rest in the body.
    expect(sent[0]!.api).toBe('POST /schedules/01ARZ3NDEKTSV4RRFFQ69G5FAV-1796113800');
    expect(sent[0]!.input).toMatchObject({
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

  it('sends an evergreen run to the evergreen queue, and refuses to schedule one where the function has no evergreen queue', async () => {
    const evergreen = { kind: 'evergreen' as const, ...message };
    const { api, sent } = fakeApi();
    await new EventBridgePostScheduler(api, { ...target, evergreenQueueArn: 'arn:aws:sqs:eu-west-1:1:evergreen' }).schedule(evergreen);
    expect(sent[0]!.api).toBe('POST /schedules/eg-01ARZ3NDEKTSV4RRFFQ69G5FAV-1796113800');
    expect(sent[0]!.input).toMatchObject({ Target: { Arn: 'arn:aws:sqs:eu-west-1:1:evergreen', RoleArn: target.roleArn } });
    await new EventBridgePostScheduler(api, { ...target, evergreenQueueArn: 'arn:aws:sqs:eu-west-1:1:evergreen' }).schedule(message);
    expect(sent[1]!.input).toMatchObject({ Target: { Arn: target.queueArn } });
    await expect(new EventBridgePostScheduler(api, target).schedule(evergreen)).rejects.toThrow(/EVERGREEN_QUEUE_ARN/);
    expect(sent).toHaveLength(2);
  });

  it('updates the schedule when one with that name exists (a retried request)', async () => {
    const { api, sent } = fakeApi((call) => {
      if (call.api.startsWith('POST')) throw new AwsApiError('ConflictException', 'exists', 409);
      return {};
    });
    await new EventBridgePostScheduler(api, target).schedule(message);
    expect(sent.map((c) => c.api.split(' ')[0])).toEqual(['POST', 'PUT']);
  });

  it('cancels by name; a schedule already gone is fine, any other failure is logged, never thrown', async () => {
    const warnings: string[] = [];
    const gone = fakeApi(() => {
      throw new AwsApiError('ResourceNotFoundException', 'gone', 404);
    });
    await new EventBridgePostScheduler(gone.api, target, (m) => warnings.push(m)).cancel(message);
    expect(gone.sent[0]).toEqual({ api: `DELETE /schedules/${scheduleName(message)}`, input: { query: { groupName: target.groupName } } });
    expect(warnings).toEqual([]);
    const broken = fakeApi(() => {
      throw new Error('throttled');
    });
    await expect(new EventBridgePostScheduler(broken.api, target, (m) => warnings.push(m)).cancel(message)).resolves.toBeUndefined();
    expect(warnings).toEqual(['could not delete a schedule']);
  });
});

describe('KmsTokenCipher', () => {
  it('encrypts and decrypts with the user id as encryption context', async () => {
    // KMS's JSON protocol carries blobs as base64.
    const { api, sent } = fakeApi((call) => (call.api.endsWith('Encrypt') ? { CiphertextBlob: 'AQID' } : { Plaintext: Buffer.from('token').toString('base64') }));
    const cipher = new KmsTokenCipher(api, 'arn:aws:kms:eu-west-1:1:key/k');
    const sealed = await cipher.encrypt('token', 'user-1');
    expect(sealed).toBe('kms:v1:AQID');
    expect(await cipher.decrypt(sealed, 'user-1')).toBe('token');
    expect(sent.map((c) => c.api)).toEqual(['TrentService.Encrypt', 'TrentService.Decrypt']);
    expect(sent[0]!.input).toMatchObject({ KeyId: 'arn:aws:kms:eu-west-1:1:key/k', Plaintext: Buffer.from('token').toString('base64') });
    expect(sent[1]!.input).toMatchObject({ CiphertextBlob: 'AQID' });
    for (const call of sent) expect(call.input['EncryptionContext']).toEqual({ purpose: 'linkedin-access-token', userId: 'user-1' });
  });
});

describe('SqsPublishQueue', () => {
  it('sends the message as JSON, with a delay within SQS\'s 0-900 seconds', async () => {
    const { api, sent } = fakeApi();
    const queue = new SqsPublishQueue(api, 'https://sqs/queue');
    await queue.send(message);
    await queue.send(message, { delaySeconds: 5000 });
    expect(sent[0]!.api).toBe('AmazonSQS.SendMessage');
    expect(sent[0]!.input).toEqual({ QueueUrl: 'https://sqs/queue', MessageBody: JSON.stringify(message) });
    expect(sent[1]!.input['DelaySeconds']).toBe(900);
  });

  it('sends an evergreen run to the evergreen queue, and refuses one where the function has none', async () => {
    const evergreen = { kind: 'evergreen' as const, ...message };
    const { api, sent } = fakeApi();
    await new SqsPublishQueue(api, 'https://sqs/queue', 'https://sqs/evergreen').send(evergreen);
    await new SqsPublishQueue(api, 'https://sqs/queue', 'https://sqs/evergreen').send({ kind: 'release-waiting', userId: 'user-1' });
    expect(sent.map((call) => call.input['QueueUrl'])).toEqual(['https://sqs/evergreen', 'https://sqs/queue']);
    await expect(new SqsPublishQueue(api, 'https://sqs/queue').send(evergreen)).rejects.toThrow(/EVERGREEN_QUEUE_URL/);
    expect(sent).toHaveLength(2);
  });
});

describe('EventBridgeEventPublisher', () => {
  it('puts post.published on the bus, and only logs when EventBridge refuses', async () => {
    const { api, sent } = fakeApi(() => ({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] }));
    const warnings: unknown[] = [];
    const events = new EventBridgeEventPublisher(api, 'mark0-dev-publishing', (m, d) => warnings.push([m, d]));
    await events.publish({ type: 'post.published', userId: 'u', postId: 'p', scheduledAt: null, publishedAt: '2026-01-01T00:00:00Z', linkedinUrn: 'urn:li:share:1', delaySeconds: 0 });
    expect(sent[0]!.api).toBe('AWSEvents.PutEvents');
    expect(sent[0]!.input['Entries']).toEqual([
      { EventBusName: 'mark0-dev-publishing', Source: EVENT_SOURCE, DetailType: 'post.published', Detail: JSON.stringify({ userId: 'u', postId: 'p', scheduledAt: null, publishedAt: '2026-01-01T00:00:00Z', linkedinUrn: 'urn:li:share:1', delaySeconds: 0 }) },
    ]);
    expect(warnings).toEqual([['event not accepted', { type: 'post.published', subject: 'post p', error: 'InternalFailure' }]]);
  });
});
