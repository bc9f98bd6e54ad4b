import { PUBLISHER_TIMEOUT_SECONDS, PUBLISHING, PUBLISH_MAX_RECEIVES } from '@lambdas/core/publishing/publishing-rules';
import type { PublisherDeps } from '@lambdas/core/publishing/publish-post';
import type { EvergreenDeps } from '@lambdas/core/queue/evergreen';
import type { PostScheduler } from '@lambdas/core/ports/post-scheduler';
import type { PublishQueue } from '@lambdas/core/ports/publish-queue';
import { LocalEventPublisher } from '@lambdas/adapters/local/local-event-publisher';
import { LocalPostScheduler } from '@lambdas/adapters/local/local-post-scheduler';
import { LocalPublishQueue, LocalQueues } from '@lambdas/adapters/local/local-publish-queue';
import { createPublisher, type SqsBatchHandler } from '@lambdas/handlers/publisher';
import { createEvergreenWorker } from '@lambdas/handlers/evergreen';
import { createReconciler, type ReconcilerHandler } from '@lambdas/handlers/reconciler';
import { EVERGREEN_CONCURRENCY, EVERGREEN_TIMEOUT_SECONDS, PUBLISHER_CONCURRENCY } from '@contract/function-capacity';
import type { InvocationScope } from './gateway';
import { lambdaContext, scheduledEvent } from './proxy-event';

export interface LocalPublishingOptions {
  /** Real-time milliseconds between ticks (scheduler, queue, reconciler); 0: no timer, the caller calls step(). */
  tickMs?: number;
  /** Clock-time seconds a failed message stays invisible (SQS visibility timeout). */
  visibilityTimeoutSeconds?: number;
  maxReceiveCount?: number;
  /** Real-time waits between LinkedIn calls within one claim. */
  inlineRetryDelaysMs?: readonly number[];
  /** Decorates the publisher's dependencies (tests: inject a crash, count calls). */
  decoratePublisherDeps?: (deps: PublisherDeps) => PublisherDeps;
  /** Wraps each publisher and reconciler invocation (the runtime counts their DynamoDB calls with it). */
  scope?: InvocationScope;
}

type BaseDeps = Omit<PublisherDeps, 'queue' | 'events' | 'sleep'> & {
  /** The evergreen function's dependencies, given this pipeline's scheduler. */
  evergreen?: (pipeline: { scheduler: PostScheduler }) => EvergreenDeps;
};

/**
 * Scheduler → queue → publisher, the evergreen runs' scheduler → evergreen
 * queue → evergreen function, and the reconciler, on this machine: the same
 * handlers as in Lambda, behind local twins of EventBridge Scheduler, SQS (the
 * two queues, each delivering to its function; senders reach them through
 * LocalQueues, which picks the queue as AWS does) and the event bus. One
 * ticker drives them; every due time is judged by the injected clock, so tests
 * move time, not wait.
 */
export class LocalPublishing {
  readonly queue: LocalPublishQueue;
  readonly evergreenQueue: LocalPublishQueue;
  /** Both queues as a sender sees them (scheduler, reconciler, publisher). */
  readonly queues: PublishQueue;
  readonly evergreen: SqsBatchHandler | undefined;
  readonly scheduler: LocalPostScheduler;
  readonly events: LocalEventPublisher;
  readonly publisherDeps: PublisherDeps;
  readonly publisher: SqsBatchHandler;
  readonly reconciler: ReconcilerHandler;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private nextReconcileAt = 0;

  constructor(
    base: BaseDeps,
    private readonly options: LocalPublishingOptions,
    private readonly log: (line: string) => void,
  ) {
    const { clock, posts } = base;
    this.queue = new LocalPublishQueue({
      clock,
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? PUBLISHER_TIMEOUT_SECONDS * 6,
      maxReceiveCount: options.maxReceiveCount ?? PUBLISH_MAX_RECEIVES,
      // As the event source in AWS (lib/stacks/publishing-stack.ts): 10 batches of 10 at once, no more.
      maxConcurrentBatches: PUBLISHER_CONCURRENCY,
      log,
    });
    // As the evergreen queue and its event source in AWS (lib/stacks/publishing-stack.ts).
    this.evergreenQueue = new LocalPublishQueue({
      name: 'evergreen',
      clock,
      visibilityTimeoutSeconds: EVERGREEN_TIMEOUT_SECONDS * 6,
      maxReceiveCount: options.maxReceiveCount ?? PUBLISH_MAX_RECEIVES,
      maxConcurrentBatches: EVERGREEN_CONCURRENCY,
      log,
    });
    this.queues = new LocalQueues({ publish: this.queue, evergreen: this.evergreenQueue });
    this.scheduler = new LocalPostScheduler({ clock, posts, queue: this.queues, lookBackHours: PUBLISHING.reconcileWindowHours, lookAheadHours: 2, log });
    this.events = new LocalEventPublisher(log);
    const { evergreen, ...publisherBase } = base;
    const deps: PublisherDeps = {
      ...publisherBase,
      queue: this.queues,
      events: this.events,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      ...(options.inlineRetryDelaysMs ? { inlineRetryDelaysMs: options.inlineRetryDelaysMs } : {}),
    };
    this.publisherDeps = options.decoratePublisherDeps ? options.decoratePublisherDeps(deps) : deps;
    this.publisher = createPublisher(this.publisherDeps);
    this.reconciler = createReconciler({ posts, queue: this.queues, clock });
    this.queue.setConsumer((event) => this.invoke('publisher', () => this.publisher(event, lambdaContext('mark0-publisher', PUBLISHER_TIMEOUT_SECONDS * 1000))));
    const worker = evergreen ? createEvergreenWorker(evergreen({ scheduler: this.scheduler })) : undefined;
    this.evergreen = worker;
    if (worker) this.evergreenQueue.setConsumer((event) => this.invoke('evergreen', () => worker(event, lambdaContext('mark0-evergreen', EVERGREEN_TIMEOUT_SECONDS * 1000))));
  }

  /** Loads the schedules from the table (posts due while the runtime was down fire on the first tick) and starts the ticker. */
  async start(): Promise<void> {
    const loaded = await this.scheduler.rebuild();
    if (loaded > 0) this.log(`[publishing] ${loaded} scheduled post(s) loaded from the table`);
    const tickMs = this.options.tickMs ?? 1_000;
    if (tickMs > 0) {
      this.timer = setInterval(() => void this.tick(), tickMs);
      this.timer.unref();
    }
  }

  /** One tick: fire due schedules, deliver visible messages (not awaited), reconcile when its time has come. Ticks never overlap. */
  tick(): Promise<void> {
    this.ticking ??= (async () => {
      try {
        await this.scheduler.tick();
        void this.queue.poll();
        void this.evergreenQueue.poll();
        await this.reconcileIfDue();
      } catch (error) {
        this.log(`[publishing] tick failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        this.ticking = undefined;
      }
    })();
    return this.ticking;
  }

  /** A whole tick, deliveries awaited: tests step time with it instead of waiting for the ticker. */
  async step(): Promise<void> {
    await this.scheduler.tick();
    await Promise.all([this.queue.poll(), this.evergreenQueue.poll()]);
    await this.reconcileIfDue();
  }

  /** Runs the reconciler now (as its EventBridge rule would). */
  async reconcileNow(): Promise<{ examined: number; redriven: number }> {
    const now = this.publisherDeps.clock.now();
    this.nextReconcileAt = now.getTime() + PUBLISHING.reconcileEveryMinutes * 60_000;
    return this.invoke('reconciler', () => this.reconciler(scheduledEvent(now, 'mark0-local-reconciler'), lambdaContext('mark0-reconciler', 60_000)));
  }

  private invoke<T>(label: string, run: () => Promise<T>): Promise<T> {
    return this.options.scope ? this.options.scope.run(label, run) : run();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
    await Promise.all([this.queue.settle(), this.evergreenQueue.settle()]);
  }

  private async reconcileIfDue(): Promise<void> {
    if (this.publisherDeps.clock.now().getTime() < this.nextReconcileAt) return;
    const { redriven } = await this.reconcileNow();
    if (redriven > 0) this.log(`[publishing] reconciler re-drove ${redriven} due post(s)`);
  }
}
