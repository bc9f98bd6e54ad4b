import { StaleWriteError } from '../errors';
import { connectionProblem, type LinkedInConnection } from '../linkedin/connection';
import { escapeLittleText } from '../../contract/little-text';
import { revise, type Post } from '../posts/post';
import type { AuditLog } from '../ports/audit-log';
import type { Clock } from '../ports/clock';
import type { EventPublisher } from '../ports/event-publisher';
import type { CreatePostInput, CreatePostResult, LinkedInClient } from '../ports/linkedin-client';
import type { LinkedInConnectionStore } from '../ports/linkedin-connection-store';
import type { PostStore } from '../ports/post-store';
import type { PublishQueue } from '../ports/publish-queue';
import type { TokenCipher } from '../ports/token-cipher';
import { PUBLISH_FAILURES } from './publish-failures';
import type { PublishMessage } from './publish-message';
import { PUBLISHING, addSeconds } from './publishing-rules';
import { MEDIA_FAILURES, prepareAssets, processingPause, type AssetDeps } from './publish-assets';
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
}

export type PublishOutcome =
  /** Nothing to do for this message (stale, already done, or another worker's). */
  | { kind: 'ignored'; reason: string }
  /** Arrived before the post's time: sent again with a delay. */
  | { kind: 'deferred'; delaySeconds: number }
  | { kind: 'published'; post: Post; duplicate: boolean; delaySeconds: number }
  /** `posts[0]` is this message's post; a 401 also fails the owner's other due posts. */
  | { kind: 'failed'; posts: Post[] }
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
 * LinkedIn's answer is stored the moment it arrives; and should a worker die
 * between LinkedIn's 201 and that write, the next claim (after the lease) gets
 * LinkedIn's 422 DUPLICATE_POST naming the post it already made, and stores that.
 */
export async function publishScheduledPost(deps: PublisherDeps, message: PublishMessage, options: PublishOptions = {}): Promise<PublishOutcome> {
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
    if ((post.attempts ?? 0) === 0 && -earlyMs > PUBLISHING.missedAfterMinutes * 60_000) return fail(deps, post, PUBLISH_FAILURES.missed());
  } else if (post.status === 'publishing') {
    if (post.leaseUntil && Date.parse(post.leaseUntil) > now.getTime()) return ignored('another publisher holds the post (its lease has not expired)');
  } else {
    return ignored(`the post is ${post.status}`);
  }

  const attempts = post.attempts ?? 0;
  // Also ends a crash loop: a post whose publisher keeps dying is failed after maxAttempts claims.
  if (attempts >= PUBLISHING.maxAttempts) return fail(deps, post, PUBLISH_FAILURES.unavailable(attempts));

  const claimed = revise(post, { status: 'publishing', leaseUntil: addSeconds(now, PUBLISHING.leaseSeconds).toISOString(), attempts: attempts + 1 }, now);
  try {
    await deps.posts.update(claimed, { status: post.status, version: post.version });
  } catch (error) {
    if (error instanceof StaleWriteError) return ignored('another publisher claimed the post first');
    throw error;
  }

  const connection = await deps.connections.get(post.userId);
  const problem = connectionProblem(connection, now);
  if (problem === 'LINKEDIN_NOT_CONNECTED' || !connection) return fail(deps, claimed, PUBLISH_FAILURES.notConnected());
  if (problem === 'LINKEDIN_RECONNECT_REQUIRED') return reconnectRequired(deps, claimed, connection);

  const accessToken = await deps.cipher.decrypt(connection.encryptedAccessToken, post.userId);
  const assets = await mediaContent(deps, claimed, { accessToken, owner: connection.memberUrn }, options.remainingMs);
  if (assets.kind === 'processing') return waitForProcessing(deps, claimed, message, assets);
  if (assets.kind === 'failed') return fail(deps, claimed, assets.error);
  const result =
    assets.kind === 'linkedin'
      ? assets.failure
      : await createWithRetries(deps, { accessToken, author: connection.memberUrn, commentary: escapeLittleText(post.content), ...(assets.content ? { content: assets.content } : {}) }, options);
  switch (result.outcome) {
    case 'created':
    case 'duplicate':
      return markPublished(deps, claimed, result.urn, result.outcome === 'duplicate');
    case 'unauthorized':
      return reconnectRequired(deps, claimed, connection);
    case 'rejected':
      return fail(deps, claimed, PUBLISH_FAILURES.rejected(result.message));
    case 'throttled':
    case 'unavailable':
      if ((claimed.attempts ?? 0) >= PUBLISHING.maxAttempts) return fail(deps, claimed, PUBLISH_FAILURES.unavailable(claimed.attempts ?? 0));
      await release(deps, claimed);
      return { kind: 'retry', reason: `LinkedIn ${result.outcome}: ${result.message}` };
  }
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
    await deps.posts.update(waiting, { status: claimed.status, version: claimed.version });
  } catch (error) {
    if (error instanceof StaleWriteError) return ignored('the post changed while it waited for LinkedIn');
    throw error;
  }
  await deps.queue.send(message, { delaySeconds: wait.recheckSeconds });
  return { kind: 'processing', post: waiting, delaySeconds: wait.recheckSeconds };
}

/** A post no longer waiting for LinkedIn's processing (only a post that waited carries the fields). */
function waitOver(post: Post): Partial<Post> {
  return post.statusDetail || post.processingSince ? { statusDetail: null, processingSince: null } : {};
}

function ignored(reason: string): PublishOutcome {
  return { kind: 'ignored', reason };
}

/**
 * Calls LinkedIn, retrying a 429/5xx/timeout after short waits (longer when
 * LinkedIn's Retry-After says so). A Retry-After too long to wait out here, or
 * a wait the invocation has no time left for, ends the loop: the caller then
 * releases the post and the queue redelivers it later.
 */
async function createWithRetries(deps: PublisherDeps, input: CreatePostInput, options: PublishOptions): Promise<CreatePostResult> {
  const delays = deps.inlineRetryDelaysMs ?? PUBLISHING.inlineRetryDelaysMs;
  for (let retry = 0; ; retry++) {
    const result = await deps.linkedin.createPost(input);
    if ((result.outcome !== 'throttled' && result.outcome !== 'unavailable') || retry >= delays.length) return result;
    // ±20% jitter, so posts refused together do not all come back in the same instant.
    let waitMs = delays[retry]! * (0.8 + Math.random() * 0.4);
    if (result.outcome === 'throttled' && result.retryAfterSeconds !== undefined) {
      if (result.retryAfterSeconds > PUBLISHING.maxInlineRetryAfterSeconds) return result;
      waitMs = Math.max(waitMs, result.retryAfterSeconds * 1000);
    }
    if (options.remainingMs && options.remainingMs() < waitMs + PUBLISHING.linkedinTimeoutMs + 2_000) return result;
    await deps.sleep(waitMs);
  }
}

async function markPublished(deps: PublisherDeps, claimed: Post, urn: string, duplicate: boolean): Promise<PublishOutcome> {
  const now = deps.clock.now();
  const published = revise(claimed, { status: 'published', linkedinUrn: urn, publishedAt: now.toISOString(), leaseUntil: null, error: null, ...waitOver(claimed) }, now);
  try {
    await deps.posts.update(published, { status: claimed.status, version: claimed.version });
  } catch (error) {
    if (!(error instanceof StaleWriteError)) throw error;
    // Only possible if this worker outlived its lease and another took over: that one gets LinkedIn's
    // duplicate answer for this very post and stores the same URN.
    return ignored('the lease ran out before the URN was stored; the next claim stores it from LinkedIn\'s duplicate answer');
  }
  await deps.audit.append(published.userId, { type: 'post.published', data: { postId: published.id, linkedinUrn: urn } });
  await deps.events.publish({
    type: 'post.published',
    userId: published.userId,
    postId: published.id,
    scheduledAt: published.scheduledAt,
    publishedAt: published.publishedAt!,
    linkedinUrn: urn,
  });
  const delaySeconds = Math.max(0, (now.getTime() - Date.parse(published.scheduledAt ?? published.publishedAt!)) / 1000);
  return { kind: 'published', post: published, duplicate, delaySeconds };
}

/** The post becomes `failed` with a reason its owner reads next to the Retry button. */
async function fail(deps: PublisherDeps, post: Post, error: PostError): Promise<PublishOutcome> {
  const failed = await failOne(deps, post, error);
  return failed ? { kind: 'failed', posts: [failed] } : ignored('the post changed while it was being failed');
}

async function failOne(deps: PublisherDeps, post: Post, error: PostError): Promise<Post | undefined> {
  const now = deps.clock.now();
  const failed = revise(post, { status: 'failed', error, leaseUntil: null, ...waitOver(post) }, now);
  try {
    await deps.posts.update(failed, { status: post.status, version: post.version });
  } catch (cause) {
    if (cause instanceof StaleWriteError) return undefined;
    throw cause;
  }
  await deps.events.publish({ type: 'post.failed', userId: failed.userId, postId: failed.id, scheduledAt: failed.scheduledAt, error });
  return failed;
}

/** Back to `scheduled` (same due time, attempts kept) for the queue's redelivery. */
async function release(deps: PublisherDeps, claimed: Post): Promise<void> {
  const released = revise(claimed, { status: 'scheduled', leaseUntil: null, ...waitOver(claimed) }, deps.clock.now());
  try {
    await deps.posts.update(released, { status: claimed.status, version: claimed.version });
  } catch (error) {
    if (!(error instanceof StaleWriteError)) throw error;
  }
}

/**
 * LinkedIn no longer takes this user's token: mark the connection, fail this
 * post and the user's other due posts at once (retrying would only burn
 * attempts), and leave later posts scheduled: they go out if the user
 * reconnects in time, and fail the same way without calling LinkedIn if not.
 */
async function reconnectRequired(deps: PublisherDeps, claimed: Post, connection: LinkedInConnection): Promise<PublishOutcome> {
  const now = deps.clock.now();
  if (connection.status !== 'needsReconnect' && (await deps.connections.markNeedsReconnect(claimed.userId, now))) {
    await deps.audit.append(claimed.userId, { type: 'linkedin.reconnect_required', data: { memberUrn: connection.memberUrn } });
  }
  const error = PUBLISH_FAILURES.reconnectRequired();
  const failed: Post[] = [];
  const first = await failOne(deps, claimed, error);
  if (first) failed.push(first);
  const dueBefore = new Date(now.getTime() + 1).toISOString();
  let cursor: string | undefined;
  do {
    const page = await deps.posts.list(claimed.userId, { status: 'scheduled', to: dueBefore, limit: 100, ...(cursor ? { cursor } : {}) });
    for (const post of page.items) {
      const other = await failOne(deps, post, error);
      if (other) failed.push(other);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return failed.length > 0 ? { kind: 'failed', posts: failed } : ignored('the post changed while it was being failed');
}
