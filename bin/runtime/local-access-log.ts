import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { CloudWatchLogsDecodedData, CloudWatchLogsEvent } from 'aws-lambda';
import type { AccessLogLine } from '@contract/access-log';
import type { UsageCounterHandler } from '@lambdas/handlers/usage-counter';
import type { InvocationScope } from './gateway';
import { lambdaContext } from './proxy-event';

type LogEvent = CloudWatchLogsDecodedData['logEvents'][number];

export interface LocalAccessLogOptions {
  /** The usage counter, as the log group's subscription invokes it in AWS. */
  subscriber: UsageCounterHandler;
  /** Real-time milliseconds between deliveries (CloudWatch Logs delivers within seconds); 0: only flush() delivers. */
  deliverEveryMs?: number;
  /** Counts the subscriber's DynamoDB calls apart from the routes'. */
  scope?: InvocationScope;
  log: (line: string) => void;
}

/**
 * The local twin of the API's access log group and its subscription filter:
 * the gateway writes one line per request (the fields of
 * lambdas/contract/access-log.ts), and every `deliverEveryMs` the lines written
 * since are delivered to the usage counter in the exact shape CloudWatch Logs
 * uses (`awslogs.data`: gzip, base64), through the same handler as in Lambda.
 * Tests call flush() to deliver now instead of waiting.
 */
export class LocalAccessLog {
  private pending: LogEvent[] = [];
  /** Batches whose delivery failed: delivered again as they were, so their id still names the same lines. */
  private retries: LogEvent[][] = [];
  private timer: NodeJS.Timeout | undefined;
  private delivering: Promise<void> = Promise.resolve();

  constructor(private readonly options: LocalAccessLogOptions) {
    const every = options.deliverEveryMs ?? 500;
    if (every > 0) {
      this.timer = setInterval(() => void this.flush(), every);
      this.timer.unref();
    }
  }

  /** The gateway's hook: one line per API request. */
  readonly write = (line: AccessLogLine): void => {
    this.pending.push({ id: `${Date.now()}-${randomUUID()}`, timestamp: Number(line.time), message: JSON.stringify(line) });
  };

  /** Delivers every line written so far; resolves once the usage counter has recorded them. */
  flush(): Promise<void> {
    this.delivering = this.delivering.then(() => this.deliver());
    return this.delivering;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async deliver(): Promise<void> {
    const batches = [...this.retries, ...(this.pending.length > 0 ? [this.pending] : [])];
    this.retries = [];
    this.pending = [];
    for (const batch of batches) await this.deliverBatch(batch);
  }

  private async deliverBatch(logEvents: LogEvent[]): Promise<void> {
    const data: CloudWatchLogsDecodedData = {
      owner: '000000000000',
      logGroup: '/aws/apigateway/mark0-local-access',
      logStream: 'local',
      subscriptionFilters: ['usage-counter'],
      messageType: 'DATA_MESSAGE',
      logEvents,
    };
    const event: CloudWatchLogsEvent = { awslogs: { data: gzipSync(JSON.stringify(data)).toString('base64') } };
    const invoke = () => this.options.subscriber(event, lambdaContext('mark0-usage-counter', 30_000));
    try {
      await (this.options.scope ? this.options.scope.run('usage-counter', invoke) : invoke());
    } catch (error) {
      // As Lambda retries an asynchronous invocation: the same batch again, and its id keeps the retry exact.
      this.retries.push(logEvents);
      this.options.log(`[usage-counter] delivery failed, will retry: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
