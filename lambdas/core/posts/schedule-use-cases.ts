import { ConflictError, ValidationError } from '../errors';
import { connectionProblem, type LinkedInConnection } from '../linkedin/connection';
import type { AccountReadRequest, AccountReader, AccountRecords } from '../ports/account-reader';
import { withOptimisticRetry } from '../optimistic';
import { processingOver } from '../publishing/publish-assets';
import { publishMessageFor, type PublishMessage } from '../publishing/publish-message';
import { toWholeSecond } from '../publishing/publishing-rules';
import type { LinkedInConnectionStore } from '../ports/linkedin-connection-store';
import { ScheduledPostsCapError, expectedOf } from '../ports/post-store';
import type { PostScheduler } from '../ports/post-scheduler';
import type { PublishQueue } from '../ports/publish-queue';
import { revise, type Post } from './post';
import { getPost, type PostDeps } from './post-use-cases';
import { explainingMedia } from './post-media';
import { checkFitsLinkedIn } from './post-shape';
import { MAX_SCHEDULE_AHEAD_DAYS, MIN_SCHEDULE_AHEAD_MS, type ScheduleInput } from './schedule-input';
import { noSuchPost, postIdSchema } from './post-id';
import { isSchedulable, type ScheduleWarning } from '../../contract/api/posts';

export interface SchedulingDeps extends PostDeps {
  connections: LinkedInConnectionStore;
  /** Reads the post and the LinkedIn connection together (one call) before a schedule or a publish. */
  accounts: AccountReader;
  scheduler: PostScheduler;
  queue: PublishQueue;
}

/**
 * Schedules (or reschedules) a post. Order of writes: the schedule first, then
 * the post. A schedule whose post write then fails is removed again, and one
 * left behind by a crash is harmless (the publisher ignores a message whose
 * post is not scheduled for that exact time). The other order could leave a
 * scheduled post with no schedule, found only by the reconciler, minutes late.
 *
 * A time after the LinkedIn connection's expiry is allowed (the user may
 * reconnect before then; if not, the post waits for them), and said in a warning.
 */
export async function schedulePost(
  deps: SchedulingDeps,
  userId: string,
  postId: string,
  input: ScheduleInput,
  cap: number,
): Promise<{ post: Post; newlyScheduled: boolean; warnings: ScheduleWarning[] }> {
  const now = deps.clock.now();
  const requested = new Date(input.scheduledAt);
  checkScheduleTime(requested, now);
  const scheduledAt = toWholeSecond(requested).toISOString();

  return withOptimisticRetry(async () => {
    const { current: post, next, connection } = await makeDue(deps, userId, postId, scheduledAt, now, {
      code: 'POST_NOT_SCHEDULABLE',
      published: 'This post is already on LinkedIn; it cannot be scheduled again.',
      publishing: 'This post is being published right now; it cannot be rescheduled.',
    });
    await commitSchedule(deps, post, next, cap);
    return { post: next, newlyScheduled: post.status !== 'scheduled', warnings: scheduleWarnings(scheduledAt, connection) };
  });
}

/**
 * Writes a post that is (still) scheduled at `next.scheduledAt`: the schedule first, then the post
 * (with the cap when it newly takes a slot, and its media re-checked), then the old schedule goes.
 * A failed write takes its new schedule back; the cap is the plan's 409. Scheduling and the queue
 * (core/queue) both move posts through here.
 */
export async function commitSchedule(
  deps: Omit<SchedulingDeps, 'queue' | 'connections' | 'storage'>,
  current: Post,
  next: Post,
  cap?: number,
  /** The queue's: the new time must be free of the owner's other scheduled posts (else InstantTakenError). */
  instantMustBeFree = false,
): Promise<void> {
  const message = publishMessageFor(next);
  const previous = current.status === 'scheduled' ? publishMessageFor(current) : undefined;
  const sameTime = previous?.scheduledAt === next.scheduledAt;
  // Also when the time is unchanged: creating a schedule is idempotent, and this heals a lost one.
  await deps.scheduler.schedule(message);
  try {
    await explainingMedia(deps, next.userId, next.id, () =>
      deps.posts.update(next, expectedOf(current), { ...(cap !== undefined ? { scheduledPostsCap: cap } : {}), ...(instantMustBeFree ? { instantMustBeFree } : {}), ...requireMedia(next) }),
    );
  } catch (error) {
    if (!sameTime) await deps.scheduler.cancel(message);
    if (error instanceof ScheduledPostsCapError) {
      throw new ConflictError(
        `You already have ${error.cap} posts scheduled, the most your plan allows. Publish, unschedule or delete one, then schedule this one.`,
        'SCHEDULED_POSTS_CAP_REACHED',
      );
    }
    throw error;
  }
  if (previous && !sameTime) await deps.scheduler.cancel(previous);
}

/** LINKEDIN_EXPIRES_BEFORE when the connection ends before the post's time (dates in UTC here; the web app says it in the user's zone). */
export function scheduleWarnings(scheduledAt: string, connection: LinkedInConnection): ScheduleWarning[] {
  if (Date.parse(connection.expiresAt) >= Date.parse(scheduledAt)) return [];
  return [
    {
      code: 'LINKEDIN_EXPIRES_BEFORE',
      message: `Your LinkedIn connection expires on ${connection.expiresAt.slice(0, 10)} (UTC), before this post's time: reconnect LinkedIn in Settings before then, or the post will wait until you do.`,
    },
  ];
}

/** Back to a draft; its schedule is removed. A waiting post (its schedule has fired) may go back too. */
export async function unschedulePost(deps: SchedulingDeps, userId: string, postId: string): Promise<Post> {
  const { post, previous } = await withOptimisticRetry(async () => {
    const current = await getPost(deps, userId, postId);
    if (current.status === 'publishing') {
      throw new ConflictError('This post is being published right now; it can no longer be unscheduled.', 'POST_PUBLISHING');
    }
    if (current.status !== 'scheduled' && current.status !== 'waiting') throw new ConflictError(`This post is ${current.status}, not scheduled.`, 'POST_NOT_SCHEDULED');
    const next = revise(current, { status: 'draft', scheduledAt: null, queue: null, attempts: 0, leaseUntil: null }, deps.clock.now());
    await deps.posts.update(next, expectedOf(current));
    return { post: next, previous: current.status === 'scheduled' ? publishMessageFor(current) : undefined };
  });
  if (previous) await deps.scheduler.cancel(previous);
  return post;
}

/**
 * Publishes now (also the Retry of a failed post, and the owner's answer to a
 * post that waited more than a day for a reconnect): the post becomes due this
 * second and its message goes straight onto the publish queue, so it takes the
 * same path as a scheduled post, claim, lease and duplicate detection included.
 * It holds no slot of the scheduled-post cap: the cap is for posts planned
 * ahead, and refusing "publish now" because of them would make no sense.
 */
export async function publishNow(deps: SchedulingDeps, userId: string, postId: string): Promise<Post> {
  const now = deps.clock.now();
  const { post, previous } = await withOptimisticRetry(async () => {
    const { current, next } = await makeDue(deps, userId, postId, toWholeSecond(now).toISOString(), now, {
      code: 'POST_NOT_PUBLISHABLE',
      published: 'This post is already on LinkedIn.',
      publishing: 'This post is being published right now.',
    });
    await explainingMedia(deps, userId, postId, () => deps.posts.update(next, expectedOf(current), requireMedia(next)));
    const before: PublishMessage | undefined = current.status === 'scheduled' ? publishMessageFor(current) : undefined;
    return { post: next, previous: before };
  });
  // Should this send fail, the post is already due: the reconciler re-drives it within minutes.
  await deps.queue.send(publishMessageFor(post));
  if (previous) await deps.scheduler.cancel(previous);
  return post;
}

/**
 * The post, and the post as it will be once due at `scheduledAt` (a fresh start: no error, no
 * attempts; scheduled by hand or published now, it leaves the queue), and the connection it will go out with; 409 unless it may go out (not publishing or
 * published) and Mark.0 can post for its user.
 */
async function makeDue(
  deps: SchedulingDeps,
  userId: string,
  postId: string,
  scheduledAt: string,
  now: Date,
  refusal: { code: string; published: string; publishing: string },
): Promise<{ current: Post; next: Post; connection: LinkedInConnection }> {
  const { post: current, connection } = await postWithConnection(deps, userId, postId);
  if (!isSchedulable(current.status)) throw new ConflictError(current.status === 'published' ? refusal.published : refusal.publishing, refusal.code);
  checkFitsLinkedIn(current.content);
  const working = workingConnection(connection, now);
  return { current, next: revise(current, { status: 'scheduled', scheduledAt, queue: null, error: null, attempts: 0, leaseUntil: null, ...processingOver(current) }, now), connection: working };
}

/** The post (404 unless the user's) and their LinkedIn connection in one read: with the write that follows, two database calls. */
export async function postWithConnection(
  deps: Pick<SchedulingDeps, 'accounts'>,
  userId: string,
  postId: string,
  more: Omit<AccountReadRequest, 'postId' | 'connection'> = { profile: false },
): Promise<{ post: Post; connection?: LinkedInConnection; records: AccountRecords }> {
  const records = postIdSchema.safeParse(postId).success ? await deps.accounts.read(userId, { ...more, postId, connection: true }) : {};
  const { post, connection } = records;
  if (!post) throw noSuchPost(postId);
  return connection ? { post, connection, records } : { post, records };
}

/** A post goes out only with its media still there, ready and its own (checked in the same write). */
function requireMedia(post: Post): { media?: { require: string[] } } {
  const ids = (post.media ?? []).map((m) => m.id);
  return ids.length > 0 ? { media: { require: ids } } : {};
}

function checkScheduleTime(at: Date, now: Date): void {
  const ahead = at.getTime() - now.getTime();
  if (ahead < MIN_SCHEDULE_AHEAD_MS) {
    throw new ValidationError(
      `scheduledAt must be at least 1 minute from now (it is ${ahead < 0 ? 'in the past' : `${Math.floor(ahead / 1000)} s ahead`}); to publish right away, use publish.`,
      [{ field: 'scheduledAt', message: 'must be at least 1 minute in the future' }],
    );
  }
  if (ahead > MAX_SCHEDULE_AHEAD_DAYS * 86_400_000) {
    throw new ValidationError(`scheduledAt must be at most ${MAX_SCHEDULE_AHEAD_DAYS} days from now.`, [
      { field: 'scheduledAt', message: `must be at most ${MAX_SCHEDULE_AHEAD_DAYS} days ahead` },
    ]);
  }
}

/** The user's connection; 409 unless Mark.0 can post for them now. */
export function workingConnection(connection: LinkedInConnection | undefined, now: Date): LinkedInConnection {
  if (!connection) {
    throw new ConflictError('Connect your LinkedIn account first (Settings, Connect LinkedIn): Mark.0 can only schedule posts it can publish.', 'LINKEDIN_NOT_CONNECTED');
  }
  if (connectionProblem(connection, now)) {
    throw new ConflictError('Your LinkedIn connection has expired or was revoked. Reconnect LinkedIn in Settings, then try again.', 'LINKEDIN_RECONNECT_REQUIRED');
  }
  return connection;
}
