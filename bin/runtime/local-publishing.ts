import { PUBLISHER_TIMEOUT_SECONDS, PUBLISHING, PUBLISH_MAX_RECEIVES } from '@lambdas/core/publishing/publishing-rules';
import type { PublisherDeps } from '@lambdas/core/publishing/publish-post';
import type { EvergreenDeps } from '@lambdas/core/queue/evergreen';
import type { PostScheduler } from '@lambdas/core/ports/post-scheduler';
import type { PublishQueue } from '@lambdas/core/ports/publish-queue';
import { LocalEventPublisher } from '@lambdas/adapters/local/local-event-publisher';
import { LocalPostScheduler } from '@lambdas/adapters/local/local-post-scheduler';
import { LocalPublishQueue } from '@lambdas/adapters/local/local-publish-queue';
import { createPublisher, type SqsBatchHandler } from '@lambdas/handlers/publisher';
import { createReconciler, type ReconcilerHandler } from '@lambdas/handlers/reconciler';
import { PUBLISHER_CONCURRENCY } from '@contract/function-capacity';
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
  /** An evergreen post's run, given this pipeline's scheduler and queue. */
  evergreen?: (pipeline: { scheduler: PostScheduler; queue: PublishQueue }) => EvergreenDeps;
};

/**
 * Scheduler → queue → publisher, and the reconciler, on this machine: the
 * same publisher and reconciler handlers as in Lambda, behind local twins of
 * EventBridge Scheduler, SQS and the event bus. One ticker drives them; every
 * due time is judged by the injected clock, so tests move time, not wait.
 */
export class LocalPublishing {
  readonly queue: LocalPublishQueue;
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
    this.scheduler = new LocalPostScheduler({ clock, posts, queue: this.queue, lookBackHours: PUBLISHING.reconcileWindowHours, lookAheadHours: 2, log });
    this.events = new LocalEventPublisher(log);
    const { evergreen, ...publisherBase } = base;
    const deps: PublisherDeps = {
      ...publisherBase,
      queue: this.queue,
      events: this.events,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      ...(options.inlineRetryDelaysMs ? { inlineRetryDelaysMs: options.inlineRetryDelaysMs } : {}),
    };
    this.publisherDeps = options.decoratePublisherDeps ? options.decoratePublisherDeps(deps) : deps;
    const evergreenDeps = evergreen ? evergreen({ scheduler: this.scheduler, queue: this.queue }) : undefined;
    this.publisher = createPublisher({ ...this.publisherDeps, ...(evergreenDeps ? { evergreen: async () => evergreenDeps } : {}) });
    this.reconciler = createReconciler({ posts, queue: this.queue, clock });
    this.queue.setConsumer((event) => this.invoke('publisher', () => this.publisher(event, lambdaContext('mark0-publisher', PUBLISHER_TIMEOUT_SECONDS * 1000))));
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
    await this.queue.poll();
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
    await this.queue.settle();
  }

  private async reconcileIfDue(): Promise<void> {
    if (this.publisherDeps.clock.now().getTime() < this.nextReconcileAt) return;
    const { redriven } = await this.reconcileNow();
    if (redriven > 0) this.log(`[publishing] reconciler re-drove ${redriven} due post(s)`);
  }
}
