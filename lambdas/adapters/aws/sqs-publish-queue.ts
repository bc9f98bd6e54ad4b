import { queueOf, type QueueMessage } from '../../core/publishing/publish-message';
import type { PublishQueue } from '../../core/ports/publish-queue';
import type { AwsApi } from './aws-api';

/**
 * The publish queue in SQS (the same queue the schedules deliver to), and the evergreen queue for
 * evergreen messages (queueOf) where the function sends any: SendMessage over SQS's JSON protocol.
 */
export class SqsPublishQueue implements PublishQueue {
  constructor(
    private readonly sqs: Pick<AwsApi, 'json'>,
    private readonly queueUrl: string,
    private readonly evergreenQueueUrl?: string,
  ) {}

  async send(message: QueueMessage, options: { delaySeconds?: number } = {}): Promise<void> {
    const evergreen = queueOf(message) === 'evergreen';
    if (evergreen && !this.evergreenQueueUrl) throw new Error('No EVERGREEN_QUEUE_URL: this function sends no evergreen runs');
    await this.sqs.json('AmazonSQS', '1.0', 'SendMessage', {
      QueueUrl: evergreen ? this.evergreenQueueUrl : this.queueUrl,
      MessageBody: JSON.stringify(message),
      ...(options.delaySeconds ? { DelaySeconds: Math.min(900, Math.max(0, Math.ceil(options.delaySeconds))) } : {}),
    });
  }
}
