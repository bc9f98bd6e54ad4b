import { ENV, type Env } from '@contract/environment';
import { MAIL } from '@lambdas/core/mail/mail-rules';
import type { Clock } from '@lambdas/core/ports/clock';
import type { LocalEventPublisher } from '@lambdas/adapters/local/local-event-publisher';
import { SmtpMailer } from '@lambdas/adapters/smtp/smtp-mailer';
import type { MailJobSummary, MailWorker } from '@lambdas/handlers/mail';
import { localMailWorker, type LocalStores } from '@lambdas/wiring/local/local-deps';
import type { SQSEvent } from 'aws-lambda';
import type { MailSandbox } from './mail-sandbox/mail-sandbox';
import { lambdaContext } from './proxy-event';

export interface LocalMailOptions {
  /** Real-time milliseconds between sweeps (0: none, the caller calls step()); default 5 s. */
  tickMs?: number;
}

/** Times a queue message is delivered before it is "dead-lettered" (logged), as the mail queue's redrive policy does. */
const MAX_RECEIVES = 3;

/**
 * The mail function on this machine: the same worker as in Lambda, fed as AWS feeds it — each publishing
 * event as an SQS record holding the EventBridge envelope (delivered asynchronously, retried, never
 * blocking the publisher), the sweep on a ticker (every minute in AWS), the daily job at its UTC hour.
 * Mail goes over SMTP: to SMTP_URL when set, else to the sandbox outbox, which serves what it got as pages.
 */
export class LocalMail {
  readonly worker: MailWorker;
  readonly mailer: SmtpMailer;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private sweeping: Promise<unknown> | undefined;
  private nextDailyAt: number;
  private messageCount = 0;

  constructor(
    private readonly deps: { stores: LocalStores; clock: Clock; smtpUrl: string; from: string; web: { origin: string; apiUrl: string }; log: (line: string) => void },
    private readonly sandbox: MailSandbox | undefined,
    private readonly options: LocalMailOptions,
  ) {
    this.mailer = new SmtpMailer(deps.smtpUrl, deps.from, MAIL.providerTimeoutMs);
    this.worker = localMailWorker(deps.stores, { mailer: this.mailer, clock: deps.clock, web: deps.web });
    this.nextDailyAt = nextDailyRun(deps.clock.now());
  }

  /** Where the sandbox serves its pages (undefined with SMTP_URL). */
  get sandboxUrl(): string | undefined {
    return this.sandbox?.url;
  }

  get sandboxOutbox(): MailSandbox | undefined {
    return this.sandbox;
  }

  /** Subscribes to the local event bus, as the bus's rule delivers to the mail queue in AWS. */
  listenTo(events: LocalEventPublisher): void {
    events.subscribe(async (envelope) => this.deliver(envelope));
  }

  /** One message on the mail queue: delivered to the worker, redelivered if its record fails. */
  deliver(body: string): Promise<void> {
    const id = `local-mail-${++this.messageCount}`;
    const run = (async () => {
      for (let receive = 1; receive <= MAX_RECEIVES; receive++) {
        const event = sqsEvent(id, body, receive);
        try {
          const result = await this.worker(event, lambdaContext('mark0-mail', MAIL.functionTimeoutSeconds * 1000));
          if (result.batchItemFailures.length === 0) return;
        } catch {
          // like a failed invocation: the message comes back
        }
      }
      this.deps.log(`[mail] a queue message failed ${MAX_RECEIVES} times and was dead-lettered: ${body.slice(0, 200)}`);
    })();
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return run;
  }

  start(): void {
    const tickMs = this.options.tickMs ?? 5_000;
    if (tickMs > 0) {
      this.timer = setInterval(() => void this.tick(), tickMs);
      this.timer.unref();
    }
  }

  /** Deliveries settled, then one sweep: tests step with it instead of waiting for the ticker. */
  async step(): Promise<MailJobSummary> {
    await this.settle();
    return this.sweep();
  }

  /** Runs the daily job now (reminders; weekly summaries on their day). */
  async runDaily(): Promise<MailJobSummary> {
    return this.worker({ job: 'daily' }, lambdaContext('mark0-mail', MAIL.functionTimeoutSeconds * 1000));
  }

  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.settle();
    await this.sweeping;
    this.mailer.close();
    await this.sandbox?.stop();
  }

  private async tick(): Promise<void> {
    try {
      if (this.deps.clock.now().getTime() >= this.nextDailyAt) {
        this.nextDailyAt = nextDailyRun(this.deps.clock.now());
        await this.runDaily();
      }
      await this.sweep();
    } catch (error) {
      this.deps.log(`[mail] tick failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private sweep(): Promise<MailJobSummary> {
    const run = (this.sweeping ?? Promise.resolve()).then(() => this.worker({ job: 'sweep' }, lambdaContext('mark0-mail', MAIL.functionTimeoutSeconds * 1000)));
    this.sweeping = run.catch(() => undefined);
    return run;
  }
}

/** The next MAIL.dailyJobHourUtc:00 UTC after `now`. */
function nextDailyRun(now: Date): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), MAIL.dailyJobHourUtc);
  return today > now.getTime() ? today : today + 86_400_000;
}

function sqsEvent(messageId: string, body: string, receiveCount: number): SQSEvent {
  return {
    Records: [
      {
        messageId,
        receiptHandle: messageId,
        body,
        attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: String(Date.now()), SenderId: 'local', ApproximateFirstReceiveTimestamp: String(Date.now()) },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:local:000000000000:mark0-local-mail',
        awsRegion: 'local',
      },
    ],
  };
}

/** The From address on this machine (MAIL_FROM, else a sandbox address that goes nowhere). */
export const LOCAL_MAIL_FROM = 'Mark.0 <notifications@mark0.localhost>';

/** SMTP_URL when set, else a sandbox outbox started here and announced loudly. */
export async function startLocalMail(
  env: Env,
  deps: { stores: LocalStores; clock: Clock; web: { origin: string; apiUrl: string }; log: (line: string) => void },
  options: LocalMailOptions = {},
): Promise<LocalMail> {
  const from = env[ENV.mailFrom] || LOCAL_MAIL_FROM;
  const smtpUrl = env[ENV.smtpUrl];
  if (smtpUrl) {
    deps.log(`[mail] mail to users goes over SMTP to ${redacted(smtpUrl)} from ${from}`);
    return new LocalMail({ ...deps, smtpUrl, from }, undefined, options);
  }
  // Loaded only when needed: smtp-server and mailparser are for the sandbox (and the tests) alone.
  const { MailSandbox } = await import('./mail-sandbox/mail-sandbox');
  const sandbox = new MailSandbox(deps.log);
  await sandbox.start();
  return new LocalMail({ ...deps, smtpUrl: sandbox.smtpUrl, from }, sandbox, options);
}

/** The URL without its password, for the log. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'SMTP_URL (unparsable: check it)';
  }
}

/** Said loudly, like the other sandboxes: nobody should wait for a mail that went to the sandbox. */
export function announceMailSandbox(pagesUrl: string, log: (line: string) => void): void {
  const bar = '='.repeat(78);
  for (const line of [
    bar,
    'SANDBOX mail: SMTP_URL is not set, so mail to users goes to a local outbox, NOT to anyone\'s inbox.',
    `Read what was sent at ${pagesUrl}`,
    'To send real mail, set SMTP_URL (smtp://user:password@host:587 or smtps://…:465) and MAIL_FROM, and restart.',
    bar,
  ]) {
    log(`[mark0] ${line}`);
  }
}
