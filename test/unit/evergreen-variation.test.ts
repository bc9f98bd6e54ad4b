import { describe, expect, it } from 'vitest';
import { runEvergreen, sameText, type EvergreenDeps } from '@lambdas/core/queue/evergreen';
import { AiProviderError } from '@lambdas/core/ports/ai-writer';
import type { PostScheduler } from '@lambdas/core/ports/post-scheduler';
import type { ScheduledMessage } from '@lambdas/core/publishing/publish-message';
import type { AccountReader } from '@lambdas/core/ports/account-reader';
import type { QueueStore } from '@lambdas/core/ports/queue-store';
import { ManualClock } from '../support/manual-clock';
import { MemoryPostStore } from '../support/memory-post-store';
import { MemoryUserStore } from '../support/memory-stores';
import { MemoryUsageStore } from '../support/memory-usage-store';
import { ScriptedAiWriter, completion } from '../support/scripted-ai-writer';
import { scheduledPostFixture } from '../support/post-fixture';

/** Evergreen's promise (issue 13): a varied draft is never the post's own text, whatever the AI answers. */
const ORIGINAL = 'Small pull requests get better reviews.\n\nShip them daily.\n\n#engineering';
const NEXT_AT = '2026-12-25T09:00:00.000Z';

class RecordingScheduler implements PostScheduler {
  readonly scheduled: ScheduledMessage[] = [];
  async schedule(message: ScheduledMessage) {
    this.scheduled.push(message);
  }
  async cancel() {}
  async remove() {}
}

async function setUp(writer: ScriptedAiWriter) {
  const clock = new ManualClock(NEXT_AT);
  const users = new MemoryUserStore();
  await users.createIfAbsent({ userId: 'u', email: 'u@example.com', tier: 'free', createdAt: '2026-01-01T00:00:00.000Z', timezone: null });
  const posts = new MemoryPostStore(users);
  const published = scheduledPostFixture({ status: 'draft', scheduledAt: null, content: ORIGINAL });
  await posts.create(published);
  const evergreen = { ...published, status: 'published' as const, publishedAt: '2026-11-25T09:00:00.000Z', version: 3, evergreen: { gapDays: 30, approval: 'approve' as const, nextAt: NEXT_AT, lastProblem: null } };
  await posts.update(evergreen, { status: 'draft', version: published.version, scheduledAt: null });
  const scheduler = new RecordingScheduler();
  const usage = new MemoryUsageStore();
  const deps: EvergreenDeps = {
    posts,
    users,
    clock,
    scheduler,
    // The approve path never queues: the queue's store and the one-read account reader are not reached.
    queueStore: {} as QueueStore,
    accounts: {} as AccountReader,
    writer,
    usage,
  };
  return { deps, posts, scheduler, usage, message: { kind: 'evergreen' as const, userId: 'u', postId: published.id, scheduledAt: NEXT_AT } };
}

async function drafts(posts: MemoryPostStore) {
  return (await posts.list('u', { status: 'draft', limit: 10 })).items;
}

describe('evergreen variation', () => {
  it('takes the rewrite when it differs, as a new draft marked with its origin', async () => {
    const { deps, posts, message } = await setUp(new ScriptedAiWriter().answer(completion(['Better reviews start with smaller pull requests.\n\nShip daily.\n\n#engineering'])));
    const outcome = await runEvergreen(deps, message);
    expect(outcome.kind).toBe('drafted');
    const [draft] = await drafts(posts);
    expect(draft).toMatchObject({ status: 'draft', evergreenOf: message.postId, content: 'Better reviews start with smaller pull requests.\n\nShip daily.\n\n#engineering' });
  });

  it('asks again when the AI gives back the same text (spacing and case aside), and takes the second answer', async () => {
    const writer = new ScriptedAiWriter().answer(completion([ORIGINAL.toUpperCase().replace(/\n\n/g, '\n\n  ')]), completion(['A new way to say it.\n\n#engineering']));
    const { deps, posts, message } = await setUp(writer);
    await runEvergreen(deps, message);
    expect(writer.requests).toHaveLength(2);
    expect((await drafts(posts)).map((p) => p.content)).toEqual(['A new way to say it.\n\n#engineering']);
  });

  it('never makes a draft of the identical text: after two identical answers it tries again tomorrow and says why', async () => {
    const { deps, posts, scheduler, message } = await setUp(new ScriptedAiWriter().answer(completion([ORIGINAL]), completion([ORIGINAL])));
    const outcome = await runEvergreen(deps, message);
    expect(outcome).toMatchObject({ kind: 'postponed' });
    expect(await drafts(posts)).toHaveLength(0);
    const post = await posts.get('u', message.postId);
    expect(post!.evergreen).toMatchObject({ nextAt: '2026-12-26T09:00:00.000Z', lastProblem: expect.stringMatching(/same text twice/) });
    expect(scheduler.scheduled).toContainEqual({ kind: 'evergreen', userId: 'u', postId: message.postId, scheduledAt: '2026-12-26T09:00:00.000Z' });
  });

  it('postpones when the AI service fails, with the reason, and gives the generation back', async () => {
    const { deps, posts, usage, message } = await setUp(new ScriptedAiWriter().answer(new AiProviderError('unavailable', 'down')));
    expect((await runEvergreen(deps, message)).kind).toBe('postponed');
    expect((await posts.get('u', message.postId))!.evergreen!.lastProblem).toMatch(/unavailable/);
    expect(await usage.get('u', '2026-12-25')).toEqual({ aiGenerations: 0 });
  });

  it("counts the rewrite as one of the day's AI generations, and with none left tries again tomorrow without asking the AI", async () => {
    const writer = new ScriptedAiWriter().answer(completion(['A new way to say it.\n\n#engineering']));
    const first = await setUp(writer);
    await runEvergreen(first.deps, first.message);
    expect(await first.usage.get('u', '2026-12-25')).toEqual({ aiGenerations: 1 });

    const { deps, posts, usage, message } = await setUp(new ScriptedAiWriter());
    await usage.tryIncrement({ userId: 'u', day: '2026-12-25', counter: 'aiGenerations', limit: 10, amount: 10 }); // the free plan's 10, used in the composer
    const outcome = await runEvergreen(deps, message);
    expect(outcome).toMatchObject({ kind: 'postponed', problem: expect.stringMatching(/^Today's 10 AI generations of your free plan were used/) });
    expect(await drafts(posts)).toHaveLength(0);
    expect((await posts.get('u', message.postId))!.evergreen).toMatchObject({ nextAt: '2026-12-26T09:00:00.000Z', lastProblem: expect.stringMatching(/tries again tomorrow/) });
    expect(await usage.get('u', '2026-12-25')).toEqual({ aiGenerations: 10 });
  });

  it('ignores a message for another run time (the post was changed since)', async () => {
    const { deps, message } = await setUp(new ScriptedAiWriter());
    expect(await runEvergreen(deps, { ...message, scheduledAt: '2026-12-01T09:00:00.000Z' })).toMatchObject({ kind: 'ignored' });
  });

  it('sameText: the same words whatever the spacing and case', () => {
    expect(sameText('Hello  world\n\n#x', 'hello world #X')).toBe(true);
    expect(sameText('Hello world', 'Hello, world')).toBe(false);
  });
});
