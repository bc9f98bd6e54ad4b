import { StaleWriteError } from '../errors';
import { connectionProblem, type LinkedInConnection } from '../linkedin/connection';
import { toLittleText } from '../../contract/little-text';
import { revise, type Post } from '../posts/post';
import type { AuditLog } from '../ports/audit-log';
import type { Clock } from '../ports/clock';
import type { EventPublisher } from '../ports/event-publisher';
import type { CreatePostInput, CreatePostResult, LinkedInClient } from '../ports/linkedin-client';
import type { AssetFailure } from '../ports/linkedin-assets';
import type { LinkedInConnectionStore } from '../ports/linkedin-connection-store';
import { expectedOf, type PostStore } from '../ports/post-store';
import type { QueueStore } from '../ports/queue-store';
import type { PublishQueue } from '../ports/publish-queue';
import type { TokenCipher } from '../ports/token-cipher';
import { judgeDuplicate, mayHavePublished } from './duplicate';
import { PUBLISH_FAILURES } from './publish-failures';
import type { PublishMessage } from './publish-message';
import { PUBLISHING, addSeconds } from './publishing-rules';
import { MEDIA_FAILURES, prepareAssets, processingOver, processingPause, type AssetDeps } from './publish-assets';
import { announceConnectionLost, markConnectionLost, parkDuePosts, parkPost } from './waiting';
import type { PostError } from '../../contract/api/posts';

export interface PublisherDeps {
  posts: PostStore;
  connections: LinkedInConnectionStore;
  cipher: TokenCipher;
  linkedin: LinkedInClient;
  events: EventPublisher;
  audit: AuditLog;
  queue: PublishQueue;
  clock: Clock;
  /** Waits between calls to LinkedIn within one claim (real time; tests pass a fast one). */
  sleep: (ms: number) => Promise<void>;
  /** Defaults to PUBLISHING.inlineRetryDelaysMs. */
  inlineRetryDelaysMs?: readonly number[];
  /** Posts with media: the media items and bucket, and LinkedIn's media APIs (publish-assets.ts). */
  media?: Omit<AssetDeps, 'clock'>;
  /** Base of a LinkedIn post's link in a failure message (the sandbox serves its own); default LinkedIn's. */
  postUrlBase?: string;
  /** Posting schedules: a queued post is held while its queue is paused (core/queue). */
  schedules?: Pick<QueueStore, 'getSchedule'>;
}

export type PublishOutcome =
  /** Nothing to do for this message (stale, already done, or another worker's). */
  | { kind: 'ignored'; reason: string }
  /** Arrived before the post's time: sent again with a delay. */
  | { kind: 'deferred'; delaySeconds: number }
  | { kind: 'published'; post: Post; duplicate: boolean; delaySeconds: number }
  | { kind: 'failed'; posts: Post[] }
  /** No working LinkedIn connection: `posts[0]` is this message's post; a 401 also parks the owner's other due posts. */
  | { kind: 'waiting'; posts: Post[] }
  /** LinkedIn busy or unreachable: the post is released and the message must be redelivered later. */
  | { kind: 'retry'; reason: string }
  /** LinkedIn is still processing the post's media: it stays publishing (statusDetail says so) and its message comes back shortly. */
  | { kind: 'processing'; post: Post; delaySeconds: number };

export interface PublishOptions {
  /** Milliseconds the invocation has left: no retry is started that could not finish in time. */
  remainingMs?: () => number;
}

/**
 * Publishes the post a queue message is about, at most once on LinkedIn.
 *
 * At-least-once underneath (a message can arrive twice, a worker can die at any
 * line), exactly once on LinkedIn because: only the worker that wins the
 * conditional claim (`scheduled → publishing`, with a lease) calls LinkedIn;
 * the claim, written just before the call, also records that LinkedIn may now
 * hold the post (`mayBeOnLinkedIn`); LinkedIn's answer is stored the moment it
 * arrives; and should a worker die between LinkedIn's 201 and that write, the
 * next claim (after the lease) gets LinkedIn's 422 DUPLICATE_POST naming the
 * post it already made, and stores that. A duplicate answer without such an
 * earlier call is the user repeating an older post: it fails (duplicate.ts).
 * A post's files go to LinkedIn under the claim, before that record (their
 * uploads make no post), each asset stored as LinkedIn names it, so a retry
 * uploads nothing twice (publish-assets.ts).
 *
 * Without a working LinkedIn connection the post waits for a reconnect instead
 * of failing (waiting.ts).
 */
export async function publishScheduledPost(deps: PublisherDeps, message: PublishMessage, options: PublishOptions = {}): Promise<PublishOutcome> {
  for (let lost = 1; ; lost++) {
    const outcome = await publishAsRead(deps, message, options);
    if (outcome !== CLAIM_LOST) return outcome;
    // The post changed between its read and the claim: an edit saved meanwhile (read it again, and publish
    // it as edited), or another publisher's claim (the next read sees it publishing, and lets it be).
    if (lost >= MAX_CLAIM_RACES) return { kind: 'retry', reason: `the post changed ${lost} times while it was being claimed` };
  }
}

/** Reads and claims before giving the message back for later: an edit racing the claim is taken in, not dropped. */
const MAX_CLAIM_RACES = 5;
/** The claim's conditional write lost to a change of the post since it was read. */
const CLAIM_LOST = Symbol('claim lost');

/** One read of the post, and the publication it calls for; CLAIM_LOST when the post changed before the claim. */
async function publishAsRead(deps: PublisherDeps, message: PublishMessage, options: PublishOptions): Promise<PublishOutcome | typeof CLAIM_LOST> {
  const now = deps.clock.now();
  const post = await deps.posts.get(message.userId, message.postId);
  if (!post) return ignored('the post no longer exists');
  if (post.scheduledAt !== message.scheduledAt) return ignored('the post was rescheduled or unscheduled after this message was made');

  if (post.status === 'scheduled') {
    const earlyMs = Date.parse(post.scheduledAt) - now.getTime();
    if (earlyMs > 0) {
      const delaySeconds = Math.min(Math.ceil(earlyMs / 1000), PUBLISHING.maxQueueDelaySeconds);
      await deps.queue.send(message, { delaySeconds });
      return { kind: 'deferred', delaySeconds };
    }
    // A paused queue holds its posts; resuming moves the ones whose slot passed (core/queue/queue-use-cases.ts).
    if (post.queue && (await deps.schedules?.getSchedule(post.userId, post.queue))?.paused) return ignored('its queue is paused');
  } else if (post.status === 'publishing') {
    if (post.leaseUntil && Date.parse(post.leaseUntil) > now.getTime()) return ignored('another publisher holds the post (its lease has not expired)');
  } else {
    return ignored(`the post is ${post.status}`);
  }

  const attempts = post.attempts ?? 0;
  // Also ends a crash loop: a post whose publisher keeps dying is failed after maxAttempts claims.
  if (attempts >= PUBLISHING.maxAttempts) return fail(deps, post, PUBLISH_FAILURES.unavailable(attempts));

  // Before the claim: the claim may say "LinkedIn may now hold this post", so it is written only once a call can follow.
  // A post that cannot go out for want of a connection waits for it (late or not): the promise of Settings.
  const connection = await deps.connections.get(post.userId);
  if (!connection || connectionProblem(connection, now)) return waitForReconnect(deps, post, connection);
  if (post.status === 'scheduled' && attempts === 0 && now.getTime() - Date.parse(message.scheduledAt) > PUBLISHING.missedAfterMinutes * 60_000) {
    return fail(deps, post, PUBLISH_FAILURES.missed());
  }
  const accessToken = await deps.cipher.decrypt(connection.encryptedAccessToken, post.userId);

  const earlierCallMayHavePublished = post.mayBeOnLinkedIn === true;
  // The bytes an earlier call may have put on LinkedIn go again, as they were (Post.sentCommentary).
  const commentary = (earlierCallMayHavePublished && post.sentCommentary) || toLittleText(post.content);
  const callMayPublish = { mayBeOnLinkedIn: true, sentCommentary: commentary };
  // A post with files first puts them on LinkedIn under this claim (publish-assets.ts). Uploads make
  // assets, never a post, so its claim does not say LinkedIn may hold the post: aboutToPost says it
  // once the assets are ready, right before the Posts call. A text or poll post's claim says it at once.
  const withFiles = (post.media ?? []).length > 0;
  const claim = { status: 'publishing' as const, leaseUntil: addSeconds(now, PUBLISHING.leaseSeconds).toISOString(), attempts: attempts + 1 };
  const claimed = revise(post, withFiles ? claim : { ...claim, ...callMayPublish }, now);
  try {
    await deps.posts.update(claimed, expectedOf(post));
  } catch (error) {
    if (error instanceof StaleWriteError) return CLAIM_LOST;
    throw error;
  }

  const assets = await mediaContent(deps, claimed, { accessToken, owner: connection.memberUrn }, options.remainingMs);
  if (assets.kind === 'processing') return waitForProcessing(deps, claimed, message, assets);
  if (assets.kind === 'failed') return fail(deps, claimed, assets.error);
  // An asset call that failed made no post: the post keeps what it knew (`mayBeOnLinkedIn` untouched).
  if (assets.kind === 'linkedin') return refused(deps, claimed, connection, assets.failure, {});
  const calling = await aboutToPost(deps, claimed, callMayPublish);
  if (!calling) return ignored('the lease ran out while the files went to LinkedIn');

  const input: CreatePostInput = { accessToken, author: connection.memberUrn, commentary, ...(assets.content ? { content: assets.content } : {}) };
  const { result, earlierInClaimMayHavePublished } = await createWithRetries(deps, input, options);
  // What every write that ends this claim records: whether LinkedIn may hold the post after all its calls.
  const before = earlierCallMayHavePublished || earlierInClaimMayHavePublished;
  const after = { mayBeOnLinkedIn: before || mayHavePublished(result) };
  switch (result.outcome) {
    case 'created':
      return markPublished(deps, calling, result.urn, false);
    case 'duplicate': {
      const verdict = judgeDuplicate({ earlierCallMayHavePublished: before, urn: result.urn, ...(deps.postUrlBase ? { postUrlBase: deps.postUrlBase } : {}) });
      return verdict.kind === 'published' ? markPublished(deps, calling, verdict.urn, true) : fail(deps, calling, verdict.error, after);
    }
    default:
      return refused(deps, calling, connection, result, after);
  }
}

/** LinkedIn refused or failed a call (the Posts API's, or an asset's): wait for a reconnect, fail, or release for a retry. */
async function refused(deps: PublisherDeps, claimed: Post, connection: LinkedInConnection, failure: AssetFailure, after: Partial<Post>): Promise<PublishOutcome> {
  switch (failure.outcome) {
    case 'unauthorized':
      return unauthorized(deps, claimed, connection, after);
    case 'rejected':
      return fail(deps, claimed, PUBLISH_FAILURES.rejected(failure.message), after);
    case 'throttled':
    case 'unavailable':
      if ((claimed.attempts ?? 0) >= PUBLISHING.maxAttempts) return fail(deps, claimed, PUBLISH_FAILURES.unavailable(claimed.attempts ?? 0), after);
      await release(deps, claimed, after);
      return { kind: 'retry', reason: `LinkedIn ${failure.outcome}: ${failure.message}` };
  }
}

/**
 * Right before the Posts API call of a post with files: record that LinkedIn may
 * now hold it, and the commentary sent (the claim of such a post did not, see above). Undefined if the
 * post changed meanwhile (this worker outlived its lease): then no call is made.
 */
async function aboutToPost(deps: PublisherDeps, claimed: Post, callMayPublish: Pick<Post, 'mayBeOnLinkedIn' | 'sentCommentary'>): Promise<Post | undefined> {
  if (claimed.mayBeOnLinkedIn && claimed.sentCommentary === callMayPublish.sentCommentary) return claimed;
  const calling = revise(claimed, { ...callMayPublish, ...processingOver(claimed) }, deps.clock.now());
  try {
    await deps.posts.update(calling, expectedOf(claimed));
  } catch (error) {
    if (error instanceof StaleWriteError) return undefined;
    throw error;
  }
  return calling;
}

/** The post's media put on LinkedIn (or its poll), as the post's `content`; a text post needs nothing. */
function mediaContent(deps: PublisherDeps, post: Post, auth: { accessToken: string; owner: string }, remainingMs?: () => number) {
  if ((post.media ?? []).length > 0 && !deps.media) throw new Error('This publisher was built without media dependencies');
  return prepareAssets({ ...(deps.media as Omit<AssetDeps, 'clock'>), clock: deps.clock }, post, auth, remainingMs);
}

/** LinkedIn is processing: park the post (publishing, short lease, statusDetail) and come back in ~30 s; fail after 30 minutes. */
async function waitForProcessing(deps: PublisherDeps, claimed: Post, message: PublishMessage, wait: { detail: string; recheckSeconds: number; uploading: boolean }): Promise<PublishOutcome> {
  const now = deps.clock.now();
  const { parked, timedOut } = processingPause(claimed, wait, now);
  if (timedOut) return fail(deps, claimed, MEDIA_FAILURES.processingTimeout());
  const waiting = revise(claimed, parked, now);
  try {
    await deps.posts.update(waiting, expectedOf(claimed));
  } catch (error) {
    if (error instanceof StaleWriteError) return ignored('the post changed while it waited for LinkedIn');
    throw error;
  }
  await deps.queue.send(message, { delaySeconds: wait.recheckSeconds });
  return { kind: 'processing', post: waiting, delaySeconds: wait.recheckSeconds };
}

function ignored(reason: string): PublishOutcome {
  return { kind: 'ignored', reason };
}

/**
 * Calls LinkedIn, retrying a 429/5xx/timeout after short waits (longer when
 * LinkedIn's Retry-After says so). A Retry-After too long to wait out here, or
 * a wait the invocation has no time left for, ends the loop: the caller then
 * releases the post and the queue redelivers it later. Also says whether a call
 * before the last one may have published the post (a timeout or 5xx before a
 * duplicate answer is this post's own success).
 */
async function createWithRetries(
  deps: PublisherDeps,
  input: CreatePostInput,
  options: PublishOptions,
): Promise<{ result: CreatePostResult; earlierInClaimMayHavePublished: boolean }> {
  const delays = deps.inlineRetryDelaysMs ?? PUBLISHING.inlineRetryDelaysMs;
  let earlierInClaimMayHavePublished = false;
  for (let retry = 0; ; retry++) {
    const result = await deps.linkedin.createPost(input);
    const done = { result, earlierInClaimMayHavePublished };
    if ((result.outcome !== 'throttled' && result.outcome !== 'unavailable') || retry >= delays.length) return done;
    earlierInClaimMayHavePublished ||= mayHavePublished(result);
    // ±20% jitter, so posts refused together do not all come back in the same instant.
    let waitMs = delays[retry]! * (0.8 + Math.random() * 0.4);
    if (result.outcome === 'throttled' && result.retryAfterSeconds !== undefined) {
      if (result.retryAfterSeconds > PUBLISHING.maxInlineRetryAfterSeconds) return done;
      waitMs = Math.max(waitMs, result.retryAfterSeconds * 1000);
    }
    if (options.remainingMs && options.remainingMs() < waitMs + PUBLISHING.linkedinTimeoutMs + 2_000) return done;
    await deps.sleep(waitMs);
  }
}

async function markPublished(deps: PublisherDeps, claimed: Post, urn: string, duplicate: boolean): Promise<PublishOutcome> {
  const now = deps.clock.now();
  const published = revise(claimed, { status: 'published', linkedinUrn: urn, publishedAt: now.toISOString(), leaseUntil: null, error: null, ...processingOver(claimed) }, now);
  try {
    await deps.posts.update(published, expectedOf(claimed));
  } catch (error) {
    if (!(error instanceof StaleWriteError)) throw error;
    // Only possible if this worker outlived its lease and another took over: that one gets LinkedIn's
    // duplicate answer for this very post and stores the same URN.
    return ignored('the lease ran out before the URN was stored; the next claim stores it from LinkedIn\'s duplicate answer');
  }
  await deps.audit.append(published.userId, { type: 'post.published', data: { postId: published.id, linkedinUrn: urn } });
  const delaySeconds = Math.max(0, (now.getTime() - Date.parse(published.scheduledAt ?? published.publishedAt!)) / 1000);
  await deps.events.publish({
    type: 'post.published',
    userId: published.userId,
    postId: published.id,
    scheduledAt: published.scheduledAt,
    publishedAt: published.publishedAt!,
    linkedinUrn: urn,
    delaySeconds,
  });
  return { kind: 'published', post: published, duplicate, delaySeconds };
}

/** The post becomes `failed` with a reason its owner reads next to the Retry button (`changes` written with it). */
async function fail(deps: PublisherDeps, post: Post, error: PostError, changes: Partial<Post> = {}): Promise<PublishOutcome> {
  const now = deps.clock.now();
  const failed = revise(post, { status: 'failed', error, leaseUntil: null, ...processingOver(post), ...changes }, now);
  try {
    await deps.posts.update(failed, expectedOf(post));
  } catch (cause) {
    if (cause instanceof StaleWriteError) return ignored('the post changed while it was being failed');
    throw cause;
  }
  await deps.events.publish({ type: 'post.failed', userId: failed.userId, postId: failed.id, scheduledAt: failed.scheduledAt, error });
  return { kind: 'failed', posts: [failed] };
}

/** Back to `scheduled` (same due time, attempts kept) for the queue's redelivery. */
async function release(deps: PublisherDeps, claimed: Post, changes: Partial<Post>): Promise<void> {
  const released = revise(claimed, { status: 'scheduled', leaseUntil: null, ...processingOver(claimed), ...changes }, deps.clock.now());
  try {
    await deps.posts.update(released, expectedOf(claimed));
  } catch (error) {
    if (!(error instanceof StaleWriteError)) throw error;
  }
}

/**
 * Due without a working connection (the user disconnected, the token expired,
 * or an earlier 401 marked it): the post waits for the reconnect. A token found
 * expired marks the connection, and that is announced once; a deliberate
 * disconnect is not a lost connection and announces nothing.
 */
async function waitForReconnect(deps: PublisherDeps, post: Post, connection: LinkedInConnection | undefined): Promise<PublishOutcome> {
  const expired = connection !== undefined && (await markConnectionLost(deps, connection, 'expired'));
  const waiting = await parkPost(deps, post);
  if (expired) await announceConnectionLost(deps, post.userId, 'expired');
  return waiting ? { kind: 'waiting', posts: [waiting] } : ignored('the post changed while it was set to wait');
}

/**
 * LinkedIn no longer takes this user's token (401): mark the connection, park
 * this post and the user's other due posts at once (calling LinkedIn for them
 * would only meet the same 401), then announce the lost connection, once. Later
 * posts stay scheduled: they go out if the user reconnects in time, and wait
 * the same way, without calling LinkedIn, if not.
 */
async function unauthorized(deps: PublisherDeps, claimed: Post, connection: LinkedInConnection, changes: Partial<Post>): Promise<PublishOutcome> {
  const lost = await markConnectionLost(deps, connection, 'unauthorized');
  const first = await parkPost(deps, claimed, changes);
  const parked = [...(first ? [first] : []), ...(await parkDuePosts(deps, claimed.userId))];
  if (lost) await announceConnectionLost(deps, claimed.userId, 'unauthorized');
  return parked.length > 0 ? { kind: 'waiting', posts: parked } : ignored('the post changed while it was set to wait');
}
