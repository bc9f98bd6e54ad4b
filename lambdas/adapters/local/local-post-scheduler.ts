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
 */
export class LocalPostScheduler implements PostScheduler {
  private readonly timers = new Map<string, ScheduledMessage>();
  private loadedUntil = 0;

  constructor(private readonly options: LocalSchedulerOptions) {}

  async schedule(message: ScheduledMessage): Promise<void> {
    this.timers.set(timerKey(message), message);
  }

  async cancel(message: ScheduledMessage): Promise<void> {
    this.timers.delete(timerKey(message));
  }

  async remove(message: ScheduledMessage): Promise<void> {
    this.timers.delete(timerKey(message));
  }

  /** Pending timers, soonest first (the runtime's log and tests read them). */
  pending(): ScheduledMessage[] {
    return [...this.timers.values()].sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt));
  }

  /** Loads the schedules of the table's scheduled posts for the window ahead (on start: also the ones due while down). */
  async rebuild(): Promise<number> {
    const now = this.options.clock.now().getTime();
    const from = this.loadedUntil > 0 ? this.loadedUntil : now - this.options.lookBackHours * 3_600_000;
    const to = now + this.options.lookAheadHours * 3_600_000;
    const due = await this.options.posts.listDue({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    let loaded = 0;
    for (const post of due) {
      if (post.status === 'published' && post.evergreen) {
        await this.schedule(evergreenMessageFor(post)); // an evergreen post's next run (it is in the due index by that time)
        loaded++;
      }
      if (post.status !== 'scheduled') continue; // publishing ones are the reconciler's (lease expiry)
      await this.schedule(publishMessageFor(post));
      loaded++;
    }
    this.loadedUntil = to;
    return loaded;
  }

  /** Sends every message whose time has come; loads the next window when the loaded one runs short. */
  async tick(): Promise<void> {
    const now = this.options.clock.now().getTime();
    if (this.loadedUntil - now < (this.options.lookAheadHours * 3_600_000) / 2) await this.rebuild();
    for (const [key, message] of this.timers) {
      if (Date.parse(message.scheduledAt) > now) continue;
      this.timers.delete(key);
      await this.options.queue.send(message);
    }
  }
}

function timerKey(message: ScheduledMessage): string {
  return `${'kind' in message ? 'eg:' : ''}${message.postId}@${message.scheduledAt}`;
}
