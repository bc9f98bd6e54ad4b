import type { QueueMessage } from '../../core/publishing/publish-message';
import type { PublishQueue } from '../../core/ports/publish-queue';
import type { AwsApi } from './aws-api';

/** The publish queue in SQS (the same queue the schedules deliver to): SendMessage over SQS's JSON protocol. */
export class SqsPublishQueue implements PublishQueue {
  constructor(
    private readonly sqs: Pick<AwsApi, 'json'>,
    private readonly queueUrl: string,
  ) {}

  async send(message: QueueMessage, options: { delaySeconds?: number } = {}): Promise<void> {
    await this.sqs.json('AmazonSQS', '1.0', 'SendMessage', {
      QueueUrl: this.queueUrl,
      MessageBody: JSON.stringify(message),
      ...(options.delaySeconds ? { DelaySeconds: Math.min(900, Math.max(0, Math.ceil(options.delaySeconds))) } : {}),
    });
  }
}
