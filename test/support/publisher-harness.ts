import { CursorCodec } from '@lambdas/adapters/cursor-codec';
import { expectedOf } from '@lambdas/core/ports/post-store';
import { memberUrnFor, type LinkedInConnection } from '@lambdas/core/linkedin/connection';
import { revise, type Post } from '@lambdas/core/posts/post';
import { createPost } from '@lambdas/core/posts/post-use-cases';
import { publishMessageFor, type PublishMessage } from '@lambdas/core/publishing/publish-message';
import { publishScheduledPost, type PublishOptions, type PublisherDeps } from '@lambdas/core/publishing/publish-post';
import { FakeTokenCipher } from './fake-token-cipher';
import { ManualClock } from './manual-clock';
import { MemoryConnectionStore } from './memory-connection-store';
import { MemoryPostStore } from './memory-post-store';
import { MemoryAuditLog, MemoryUserStore } from './memory-stores';
import { RecordingEventPublisher, RecordingPublishQueue } from './recording-publishing';
import { ScriptedLinkedInClient } from './scripted-linkedin-client';

/** The plaintext LinkedIn token every connected test user has. */
export const ACCESS_TOKEN = 'linkedin-access-token';

/**
 * The publish use case with every port a twin: a manual clock (which `sleep`
 * moves, so waits take no time), memory stores, a scripted LinkedIn. Posts are
 * put in the state a test needs through the store's own writes, so the
 * scheduled-post counter is what it would be in the table.
 */
export function publisherHarness(options: { now?: string; postUrlBase?: string } = {}) {
  const clock = new ManualClock(options.now ?? '2026-11-25T09:00:00.000Z');
  const users = new MemoryUserStore();
  const posts = new MemoryPostStore(users, new CursorCodec('unit-test-cursor-signing-key'));
  const connections = new MemoryConnectionStore();
  const cipher = new FakeTokenCipher();
  const linkedin = new ScriptedLinkedInClient();
  const events = new RecordingEventPublisher();
  const audit = new MemoryAuditLog();
  const queue = new RecordingPublishQueue();
  /** Every wait the publisher asked for, in ms. */
  const sleeps: number[] = [];
  const deps: PublisherDeps = {
    posts,
    connections,
    cipher,
    linkedin,
    events,
    audit,
    queue,
    clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    ...(options.postUrlBase ? { postUrlBase: options.postUrlBase } : {}),
  };

  /** A profile (the counter lives on it) and, unless `connected: false`, a LinkedIn connection. */
  async function addUser(userId: string, connection: Partial<LinkedInConnection> | false = {}): Promise<void> {
    const now = clock.now().toISOString();
    await users.createIfAbsent({ userId, email: `${userId}@example.com`, tier: 'pro', createdAt: now, timezone: null });
    if (connection === false) return;
    await connections.save({
      userId,
      memberUrn: memberUrnFor(`member-${userId}`),
      name: userId,
      pictureUrl: null,
      encryptedAccessToken: await cipher.encrypt(ACCESS_TOKEN, userId),
      expiresAt: new Date(clock.now().getTime() + 30 * 86_400_000).toISOString(),
      status: 'connected',
      connectedAt: now,
      updatedAt: now,
      ...connection,
    });
  }

  /** A post created as a draft (by the use case) and scheduled for `scheduledAt`, maybe in the past; `changes` then applied as a third write. */
  async function scheduledPost(userId: string, scheduledAt: string, changes: Partial<Post> = {}, content = 'Shipping on Fridays (again) #ops'): Promise<Post> {
    const now = clock.now();
    const draft = await createPost({ posts, clock }, userId, { content });
    const scheduled = revise(draft, { status: 'scheduled', scheduledAt }, now);
    await posts.update(scheduled, { status: 'draft', version: 1, scheduledAt: null });
    if (Object.keys(changes).length === 0) return scheduled;
    const changed = revise(scheduled, changes, now);
    await posts.update(changed, expectedOf(scheduled));
    return changed;
  }

  /** Delivers a queue message to the publisher, as the handler does. */
  function deliver(message: PublishMessage | Post, publishOptions?: PublishOptions) {
    return publishScheduledPost(deps, 'id' in message ? publishMessageFor(message) : message, publishOptions);
  }

  /** The user's profile counter of scheduled posts. */
  async function scheduledCount(userId: string): Promise<number> {
    return (await users.get(userId))?.scheduledPosts ?? 0;
  }

  return { clock, users, posts, connections, cipher, linkedin, events, audit, queue, sleeps, deps, addUser, scheduledPost, deliver, scheduledCount };
}

export type PublisherHarness = ReturnType<typeof publisherHarness>;
