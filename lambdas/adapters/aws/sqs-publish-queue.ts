import type { SQSClient} from '@aws-sdk/client-sqs';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { QueueMessage } from '../../core/publishing/publish-message';
import type { PublishQueue } from '../../core/ports/publish-queue';

/** The publish queue in SQS (the same queue the schedules deliver to). */
export class SqsPublishQueue implements PublishQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(message: QueueMessage, options: { delaySeconds?: number } = {}): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(message),
        ...(options.delaySeconds ? { DelaySeconds: Math.min(900, Math.max(0, Math.ceil(options.delaySeconds))) } : {}),
      }),
    );
  }
}
