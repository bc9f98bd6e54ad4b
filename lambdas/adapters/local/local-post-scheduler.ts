import type { ScheduledMessage } from '../../core/publishing/publish-message';
import { evergreenMessageFor, publishMessageFor } from '../../core/publishing/publish-message';
import type { Clock } from '../../core/ports/clock';
import type { PostScheduler } from '../../core/ports/post-scheduler';
import type { PostStore } from '../../core/ports/post-store';
import type { PublishQueue } from '../../core/ports/publish-queue';

export interface LocalSchedulerOptions {
  clock: Clock;
  /** Read for rebuilding (the due index). */
  posts: PostStore;
  queue: PublishQueue;
  /** On start, posts due this far back are picked up (matches the reconciler's window). */
  lookBackHours: number;
  /** Schedules are loaded from the table this far ahead, window after window as time passes. */
  lookAheadHours: number;
  log: (line: string) => void;
}

/**
 * The local twin of EventBridge Scheduler: one in-memory timer per post and
 * due time; at its time the publish message goes onto the queue. Timers are
 * plain data checked on every tick of the runtime (against the injected
 * clock), so a test moves time instead of waiting for it.
 *
 * Nothing is lost on a restart: the table is the truth, and `rebuild()` (on
 * start, then each time the clock nears the end of what was loaded) reads the
 * due index for [now − lookBack, now + lookAhead): a post that fell due while
 * the runtime was down fires on the first tick.
 *
 * A post left `publishing` by a process that died (SIGKILL, power cut) had its
 * message in the in-memory queue, which died with it; in AWS, SQS would still
 * hold that message and hand it out again. So on start each such post gets a
 * timer at its lease's end, the first moment a new claim may take it: it goes
 * out within a tick of its lease, not at the reconciler's next round minutes
 * later (the reconciler's first round runs at start, while those leases still
 * hold, and it then waits reconcileEveryMinutes).
 */
export class LocalPostScheduler implements PostScheduler {
  private readonly timers = new Map<string, { message: ScheduledMessage; fireAt: number }>();
  private loadedUntil = 0;

  constructor(private readonly options: LocalSchedulerOptions) {}

  async schedule(message: ScheduledMessage): Promise<void> {
    this.setTimer(message, Date.parse(message.scheduledAt));
  }

  private setTimer(message: ScheduledMessage, fireAt: number): void {
    this.timers.set(timerKey(message), { message, fireAt });
  }

  async cancel(message: ScheduledMessage): Promise<void> {
    this.timers.delete(timerKey(message));
  }

  async remove(message: ScheduledMessage): Promise<void> {
    this.timers.delete(timerKey(message));
  }

  /** Pending timers, soonest first (the runtime's log and tests read them). */
  pending(): ScheduledMessage[] {
    return [...this.timers.values()].map((timer) => timer.message).sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt));
  }

  /**
   * Loads the schedules of the table's scheduled posts for the window ahead (on start: also the ones
   * due while down, and the ones a dead process left publishing, at their lease's end).
   */
  async rebuild(): Promise<number> {
    const now = this.options.clock.now().getTime();
    const starting = this.loadedUntil === 0;
    const from = starting ? now - this.options.lookBackHours * 3_600_000 : this.loadedUntil;
    const to = now + this.options.lookAheadHours * 3_600_000;
    const due = await this.options.posts.listDue({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    let loaded = 0;
    for (const post of due) {
      if (post.status === 'published' && post.evergreen) await this.schedule(evergreenMessageFor(post)); // an evergreen post's next run (in the due index by then)
      else if (post.status === 'scheduled') await this.schedule(publishMessageFor(post));
      else if (starting && post.status === 'publishing') this.setTimer(publishMessageFor(post), post.leaseUntil ? Date.parse(post.leaseUntil) : now);
      else continue;
      loaded++;
    }
    this.loadedUntil = to;
    return loaded;
  }

  /** Sends every message whose time has come; loads the next window when the loaded one runs short. */
  async tick(): Promise<void> {
    const now = this.options.clock.now().getTime();
    if (this.loadedUntil - now < (this.options.lookAheadHours * 3_600_000) / 2) await this.rebuild();
    for (const [key, { message, fireAt }] of this.timers) {
      if (fireAt > now) continue;
      this.timers.delete(key);
      await this.options.queue.send(message);
    }
  }
}

function timerKey(message: ScheduledMessage): string {
  return `${'kind' in message ? 'eg:' : ''}${message.postId}@${message.scheduledAt}`;
}
