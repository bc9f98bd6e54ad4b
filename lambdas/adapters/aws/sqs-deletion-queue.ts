import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeletionQueue } from '../../core/ports/deletion-queue';

/** The deletion queue in SQS: one message `{ "userId" }` per run of a job (messages hold ids only). */
export class SqsDeletionQueue implements DeletionQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly warn: (message: string, details: Record<string, unknown>) => void = () => undefined,
  ) {}

  async start(userId: string, options: { delaySeconds?: number } = {}): Promise<void> {
    try {
      await this.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          MessageBody: JSON.stringify({ userId }),
          ...(options.delaySeconds ? { DelaySeconds: Math.min(900, Math.max(0, Math.ceil(options.delaySeconds))) } : {}),
        }),
      );
    } catch (error) {
      // The record is written: the reconciler starts a job whose message was lost.
      this.warn('could not queue an account deletion; the reconciler will start it', { userId, error: error instanceof Error ? error.name : String(error) });
    }
  }
}
