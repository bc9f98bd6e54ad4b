import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { PublishMessage } from '../../core/publishing/publish-message';
import type { PublishQueue } from '../../ports/publish-queue';
import { required, type Env } from '../app-config';

/** The publish queue in SQS (the same queue the schedules deliver to). */
export class SqsPublishQueue implements PublishQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(message: PublishMessage, options: { delaySeconds?: number } = {}): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        ...(options.delaySeconds ? { DelaySeconds: Math.min(900, Math.max(0, Math.ceil(options.delaySeconds))) } : {}),
      }),
    );
  }
}

/** The publish queue named by PUBLISH_QUEUE_URL. */
export function publishQueueFrom(env: Env): SqsPublishQueue {
  return new SqsPublishQueue(new SQSClient({}), required(env, 'PUBLISH_QUEUE_URL'));
}
