import { expectedOf } from '../ports/post-store';
import { ConflictError, StaleWriteError } from '../errors';
import { newId } from '../ids';
import { newDraft, revise, type Evergreen, type Post } from '../posts/post';
import { checkDraft } from '../ai/draft-check';
import { rewritePrompt } from '../ai/prompts';
import { AiProviderError, type AiWriter } from '../ports/ai-writer';
import type { UsageStore } from '../ports/usage-store';
import type { UserStore } from '../ports/user-store';
import type { VoiceStore } from '../ports/voice-store';
import { AI_USAGE_COUNTER } from '../ai/ai-use-cases';
import { usageDay } from '../usage/usage-day';
import { evergreenMessageFor, type EvergreenMessage } from '../publishing/publish-message';
import { DAY_MS } from './evergreen-settings';
import { queuePost, type QueueDeps } from './queue-use-cases';
import { DEFAULT_CHANNEL } from '../../contract/api/queue';
import { DEFAULT_TIER, TIERS, type TierName } from '../../contract/tiers';

/** A run that made no draft (AI down, no new wording, no slot) tries again this much later. */
const RETRY_AFTER_MS = DAY_MS;

/** How the rewrite is asked for: same message, new words (LinkedIn refuses a post identical to an earlier one). */
export const EVERGREEN_INSTRUCTION =
  'Reword this post so it can be posted again: keep its message, facts and hashtags, but change the hook and the wording of every sentence so it does not read as a copy.';

export interface EvergreenDeps extends QueueDeps {
  /** The user's tier (their AI generations of the day). */
  users: Pick<UserStore, 'get'>;
  writer: AiWriter;
  voices?: Pick<VoiceStore, 'get'>;
  /** A rewrite is one of the user's AI generations of the day, as a draft asked for in the composer is. */
  usage: Pick<UsageStore, 'tryIncrement' | 'release'>;
}

export type EvergreenOutcome =
  | { kind: 'ignored'; reason: string }
  | { kind: 'drafted'; draft: Post; queued: boolean }
  | { kind: 'postponed'; problem: string };

/**
 * An evergreen post's time has come (its schedule's message): an AI rewrite of
 * its text becomes a new draft (never the identical text: LinkedIn refuses a
 * repeat, so a rewrite that changes nothing is asked for again once, then
 * given up until tomorrow), queued at once or left for the user to approve;
 * the next run is scheduled a gap after this draft's slot.
 */
export async function runEvergreen(deps: EvergreenDeps, message: EvergreenMessage): Promise<EvergreenOutcome> {
  const now = deps.clock.now();
  const post = await deps.posts.get(message.userId, message.postId);
  if (!post?.evergreen) return { kind: 'ignored', reason: 'the post is gone or no longer evergreen' };
  if (post.evergreen.nextAt !== message.scheduledAt) return { kind: 'ignored', reason: 'the evergreen schedule changed after this message was made' };

  // One of the day's AI generations, counted before the AI is asked, given back when no draft comes of it.
  const tier: TierName = (await deps.users.get(post.userId))?.tier ?? DEFAULT_TIER;
  const generation = { userId: post.userId, day: usageDay(now).day, counter: AI_USAGE_COUNTER };
  const limit = TIERS[tier].aiGenerationsPerDay;
  if (!(await deps.usage.tryIncrement({ ...generation, limit })).allowed) {
    return postpone(deps, post, `Today's ${limit} AI generations of your ${tier} plan were used before this post's reworded draft; Mark.0 tries again tomorrow.`);
  }
  const text = await vary(deps, post);
  if (typeof text !== 'string') {
    await deps.usage.release(generation);
    return postpone(deps, post, text.problem);
  }

  // The draft's id is recorded first, so a message delivered twice makes one draft.
  let current = post;
  if (!post.evergreen.pendingDraftId) {
    current = revise(post, { evergreen: { ...post.evergreen, pendingDraftId: newId(now) } }, now);
    try {
      await deps.posts.update(current, expectedOf(post));
    } catch (error) {
      if (error instanceof StaleWriteError) return { kind: 'ignored', reason: 'the post changed meanwhile (its message is redelivered)' };
      throw error;
    }
  }
  const draftId = current.evergreen!.pendingDraftId!;
  let draft = newDraft(post.userId, draftId, now, { content: text, evergreenOf: post.id });
  try {
    await deps.posts.create(draft);
  } catch (error) {
    if (!(error instanceof StaleWriteError)) throw error;
    draft = (await deps.posts.get(post.userId, draftId)) ?? draft; // made by an earlier delivery of this message
  }

  let queued = false;
  let problem: string | null = null;
  if (post.evergreen.approval === 'auto' && draft.status === 'draft') {
    try {
      draft = await queuePost(deps, post.userId, draft.id, TIERS[tier].maxScheduledPosts, DEFAULT_CHANNEL);
      queued = true;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      problem = `The varied draft could not be queued: ${error.message}`;
    }
  }
  const from = Date.parse(draft.scheduledAt ?? now.toISOString());
  const nextAt = new Date(from + post.evergreen.gapDays * DAY_MS).toISOString();
  await finishRun(deps, current, { ...post.evergreen, nextAt, lastProblem: problem, pendingDraftId: null });
  return { kind: 'drafted', draft, queued };
}

/** The AI's rewrite, checked, and never the post's own text; or why there is none. */
async function vary(deps: EvergreenDeps, post: Post): Promise<string | { problem: string }> {
  const voice = deps.voices ? await deps.voices.get(post.userId) : undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const completion = await deps.writer.complete(rewritePrompt({ content: post.content, instruction: EVERGREEN_INSTRUCTION }, voice));
      for (const choice of completion.choices) {
        const check = checkDraft(choice.text, choice.truncated);
        if (check.ok && !sameText(check.content, post.content)) return check.content;
      }
    } catch (error) {
      if (error instanceof AiProviderError) return { problem: `The AI service was unavailable (${error.reason}); Mark.0 tries again tomorrow.` };
      throw error;
    }
  }
  return { problem: 'The AI gave back the same text twice, and LinkedIn refuses a repeated post; Mark.0 tries again tomorrow.' };
}

/** Identical for LinkedIn's purposes: the same words, whatever the spacing and case. */
export function sameText(a: string, b: string): boolean {
  const norm = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return norm(a) === norm(b);
}

async function postpone(deps: EvergreenDeps, post: Post, problem: string): Promise<EvergreenOutcome> {
  const nextAt = new Date(deps.clock.now().getTime() + RETRY_AFTER_MS).toISOString();
  await finishRun(deps, post, { ...post.evergreen!, nextAt, lastProblem: problem });
  return { kind: 'postponed', problem };
}

/** Records the run on the post and schedules the next one (the schedule first: a post is never evergreen without one). */
async function finishRun(deps: EvergreenDeps, post: Post, evergreen: Evergreen): Promise<void> {
  const next = revise(post, { evergreen }, deps.clock.now());
  await deps.scheduler.schedule(evergreenMessageFor(next));
  try {
    await deps.posts.update(next, expectedOf(post));
  } catch (error) {
    await deps.scheduler.cancel(evergreenMessageFor(next));
    if (error instanceof StaleWriteError) return; // changed meanwhile (stopped, new gap): that change scheduled its own run
    throw error;
  }
}
