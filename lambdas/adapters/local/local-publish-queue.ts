import { createHash, randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { queueOf, type QueueMessage } from '../../core/publishing/publish-message';
import type { Clock } from '../../core/ports/clock';
import type { PublishQueue } from '../../core/ports/publish-queue';

export type SqsConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

export interface LocalQueueOptions {
  /** The queue's name in its records' ARN and the log (default: publish). */
  name?: string;
  clock: Clock;
  /** A received message stays invisible this long; if not deleted (failed), it comes back after it. */
  visibilityTimeoutSeconds: number;
  /** A message received more often than this goes to the dead-letter list instead (SQS's redrive policy). */
  maxReceiveCount: number;
  batchSize?: number;
  /** Batches delivered at once, at most (the SQS event source's maximum concurrency); default: no limit. */
  maxConcurrentBatches?: number;
  log: (line: string) => void;
}

interface LocalMessage {
  messageId: string;
  body: string;
  sentAt: number;
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
}

/**
 * The local twin of the SQS publish queue: delivers SQS-shaped events
 * (`SQSEvent` records) to the very handler Lambda runs, honours its
 * `batchItemFailures` (failed records come back after the visibility timeout),
 * redelivers on a thrown batch, and moves a message received too often to a
 * dead-letter list, saying so in the log. Time is the injected clock's, so tests
 * move it instead of waiting; `poll()` is driven by the runtime's ticker.
 */
export class LocalPublishQueue implements PublishQueue {
  private readonly messages = new Map<string, LocalMessage>();
  private readonly inFlight = new Set<Promise<void>>();
  private consumer: SqsConsumer | undefined;
  readonly deadLetters: { messageId: string; body: string; receiveCount: number }[] = [];

  constructor(private readonly options: LocalQueueOptions) {}

  /** The function the queue's event source mapping invokes. */
  setConsumer(consumer: SqsConsumer): void {
    this.consumer = consumer;
  }

  async send(message: QueueMessage, options: { delaySeconds?: number } = {}): Promise<void> {
    const now = this.options.clock.now().getTime();
    const messageId = randomUUID();
    this.messages.set(messageId, {
      messageId,
      body: JSON.stringify(message),
      sentAt: now,
      visibleAt: now + Math.min(900, Math.max(0, options.delaySeconds ?? 0)) * 1000,
      receiveCount: 0,
    });
  }

  /** Messages not yet deleted (visible, delayed or in flight). */
  get depth(): number {
    return this.messages.size;
  }

  /**
   * Receives visible messages and delivers them in batches, at most
   * `maxConcurrentBatches` at once (the event source's maximum concurrency):
   * as a batch finishes, the next one goes, as Lambda's pollers do. Resolves
   * once no visible message is left and the deliveries it started are done.
   */
  async poll(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    const maxBatches = this.options.maxConcurrentBatches ?? Number.POSITIVE_INFINITY;
    const mine = new Set<Promise<void>>();
    for (;;) {
      while (this.inFlight.size < maxBatches) {
        const batch = this.receive(this.options.batchSize ?? 10);
        if (batch.length === 0) break;
        const delivery = this.track(this.deliver(consumer, batch));
        mine.add(delivery);
        void delivery.finally(() => mine.delete(delivery));
      }
      if (mine.size === 0) return;
      await Promise.race(mine);
    }
  }

  /** Receives up to `count` visible messages (SQS ReceiveMessage): each becomes invisible for the visibility timeout. */
  private receive(count: number): LocalMessage[] {
    const now = this.options.clock.now().getTime();
    const received: LocalMessage[] = [];
    for (const message of this.messages.values()) {
      if (received.length >= count) break;
      if (message.visibleAt > now) continue;
      message.receiveCount++;
      if (message.receiveCount > this.options.maxReceiveCount) {
        this.messages.delete(message.messageId);
        this.deadLetters.push({ messageId: message.messageId, body: message.body, receiveCount: message.receiveCount - 1 });
        this.options.log(`[${this.options.name ?? 'queue'}] message ${message.messageId} moved to the DLQ after ${message.receiveCount - 1} receives: ${message.body}`);
        continue;
      }
      message.firstReceivedAt ??= now;
      message.visibleAt = now + this.options.visibilityTimeoutSeconds * 1000;
      received.push(message);
    }
    return received;
  }

  /** Waits for deliveries in progress (shutdown). */
  async settle(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  private track(delivery: Promise<void>): Promise<void> {
    this.inFlight.add(delivery);
    return delivery.finally(() => this.inFlight.delete(delivery));
  }

  private async deliver(consumer: SqsConsumer, batch: LocalMessage[]): Promise<void> {
    let failed: Set<string>;
    try {
      const response = await consumer({ Records: batch.map((message) => this.toRecord(message)) });
      failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
    } catch (error) {
      this.options.log(`[queue] the consumer failed the whole batch: ${error instanceof Error ? error.message : String(error)}`);
      failed = new Set(batch.map((message) => message.messageId));
    }
    for (const message of batch) {
      // Deleted on success; a failed one stays invisible until its visibility timeout, then comes back.
      if (!failed.has(message.messageId)) this.messages.delete(message.messageId);
    }
  }

  private toRecord(message: LocalMessage): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: `${message.messageId}:${message.receiveCount}`,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(message.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:local:000000000000:mark0-local-${this.options.name ?? 'publish'}`,
      awsRegion: 'local',
    };
  }
}

/**
 * The local twin of the app's two queues as senders see them: an evergreen run goes to the evergreen
 * queue, everything else to the publish queue (queueOf), as the scheduler's targets and the SQS
 * adapter send them in AWS. Each queue delivers to its own function.
 */
export class LocalQueues implements PublishQueue {
  constructor(private readonly queues: Record<ReturnType<typeof queueOf>, PublishQueue>) {}

  send(message: QueueMessage, options?: { delaySeconds?: number }): Promise<void> {
    return this.queues[queueOf(message)].send(message, options);
  }
}
