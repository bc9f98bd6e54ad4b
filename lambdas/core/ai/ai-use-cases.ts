import type { AiTelemetry, AiTask } from '../ports/ai-telemetry';
import { AiProviderError, type AiCompletion, type AiCompletionRequest, type AiWriter } from '../ports/ai-writer';
import type { Clock } from '../ports/clock';
import { type UsageStore } from '../ports/usage-store';
import type { VoiceStore } from '../ports/voice-store';
import type { CircuitBreaker, Permit } from '../circuit-breaker';
import { TooManyRequestsError } from '../errors';
import { TIERS, type TierLimits, type TierName } from '../../contract/tiers';
import { AI_FAILURE_POLICY, breakerOpen, inWords, providerUnavailable, unusableOutput } from './ai-failures';
import type { VoiceInput } from './ai-input';
import { checkDraft } from './draft-check';
import { PROMPT_VERSION, draftPrompt, rewritePrompt } from './prompts';
import { toVoiceView } from './voice';
import type { AiResult, AiUsage, DraftsInput, RewriteInput, Voice } from '../../contract/api/ai';
import { usageDay } from '../usage/usage-day';

/** The UsageStore counter of AI generations (the contract with the usage endpoint). */
export const AI_USAGE_COUNTER = 'aiGenerations';
export const AI_QUOTA_EXCEEDED = 'AI_QUOTA_EXCEEDED';

export interface AiDeps {
  writer: AiWriter;
  usage: UsageStore;
  voices: VoiceStore;
  clock: Clock;
  /** One per process: it remembers provider failures across requests. */
  breaker: CircuitBreaker;
  telemetry: AiTelemetry;
  /** The tier table; TIERS unless a runtime or test brings its own. */
  tiers?: Record<TierName, TierLimits>;
}

/** Who asks: the verified user and the tier the authorizer found. */
export interface Requester {
  userId: string;
  tier: TierName;
}

export async function generateDrafts(deps: AiDeps, who: Requester, input: DraftsInput): Promise<AiResult> {
  return generate(deps, who, 'drafts', async () => draftPrompt(input, await deps.voices.get(who.userId)));
}

export async function rewriteDraft(deps: AiDeps, who: Requester, input: RewriteInput): Promise<AiResult> {
  return generate(deps, who, 'rewrite', async () => rewritePrompt(input, await deps.voices.get(who.userId)));
}

export async function getVoice(deps: Pick<AiDeps, 'voices'>, userId: string): Promise<Voice> {
  return toVoiceView(await deps.voices.get(userId));
}

/** Replaces the user's voice; absent fields are stored empty. */
export async function putVoice(deps: Pick<AiDeps, 'voices' | 'clock'>, userId: string, input: VoiceInput): Promise<Voice> {
  const voice: Voice = { styleProfile: input.styleProfile ?? null, examples: input.examples ?? [] };
  await deps.voices.put(userId, voice, deps.clock.now().toISOString());
  return voice;
}

/**
 * One generation, in the order that keeps cost bounded and users treated fairly:
 *  1. the breaker: while the provider is failing, refuse at once, before any read or quota;
 *  2. the quota: one generation per variant, counted atomically *before* the call, so
 *     concurrent requests can never exceed it;
 *  3. the call; a provider failure gives the generations back (no usable answer arrived),
 *     an answer whose text fails the check does not (its tokens were spent, and what the
 *     model writes depends on what the user asked);
 *  4. the output check on each draft.
 */
async function generate(deps: AiDeps, who: Requester, task: AiTask, prompt: () => Promise<AiCompletionRequest>): Promise<AiResult> {
  const admission = deps.breaker.admit();
  if (!admission.admitted) throw breakerOpen(admission.retryAfterSeconds);
  const { permit } = admission;
  try {
    const request = await prompt();
    const reservation = await reserve(deps, who, task, request.choices);
    const started = deps.clock.now().getTime();
    const completion = await call(deps, task, request, permit, reservation, started);
    const checks = completion.choices.map((choice) => checkDraft(choice.text, choice.truncated));
    const variants = checks.flatMap((check) => (check.ok ? [{ content: check.content }] : []));
    const ms = deps.clock.now().getTime() - started;
    deps.telemetry.generated({
      task,
      promptVersion: PROMPT_VERSION,
      model: completion.model,
      generations: request.choices,
      delivered: variants.length,
      rejected: checks.flatMap((check) => (check.ok ? [] : [check.reason])),
      promptTokens: completion.usage.promptTokens,
      completionTokens: completion.usage.completionTokens,
      ms,
    });
    if (variants.length === 0) {
      deps.telemetry.failed({ task, promptVersion: PROMPT_VERSION, model: completion.model, reason: 'unusable_output', operatorAction: false, detail: 'every draft failed the output check', ms });
      throw unusableOutput();
    }
    return { variants, usage: reservation.usage };
  } finally {
    permit.release();
  }
}

interface Reservation {
  userId: string;
  /** The day counted, so a refund after midnight goes back to the right day. */
  day: string;
  amount: number;
  usage: AiUsage;
}

async function reserve(deps: AiDeps, who: Requester, task: AiTask, amount: number): Promise<Reservation> {
  const { day, resetsAt } = usageDay(deps.clock.now());
  const limit = (deps.tiers ?? TIERS)[who.tier].aiGenerationsPerDay;
  const result = await deps.usage.tryIncrement({ userId: who.userId, day, counter: AI_USAGE_COUNTER, limit, amount });
  if (!result.allowed) {
    deps.telemetry.quotaExceeded({ task, tier: who.tier, limit });
    const retryAfter = (resetsAt.getTime() - deps.clock.now().getTime()) / 1000;
    throw new TooManyRequestsError(quotaMessage(who.tier, limit, result.used, amount, retryAfter), retryAfter, AI_QUOTA_EXCEEDED);
  }
  return { userId: who.userId, day, amount, usage: { used: result.used, limit, resetsAt: resetsAt.toISOString() } };
}

function quotaMessage(tier: TierName, limit: number, used: number, asked: number, secondsToReset: number): string {
  const reset = `They reset at midnight UTC, in ${inWords(secondsToReset)}.`;
  const left = Math.max(0, limit - used);
  if (left === 0) return `You have used all ${limit} AI generations of your ${tier} plan for today. ${reset}`;
  return `You asked for ${asked} drafts but have ${left} AI generation${left === 1 ? '' : 's'} left today (${limit} a day on the ${tier} plan). Ask for ${left} or fewer, or wait: ${reset}`;
}

async function call(deps: AiDeps, task: AiTask, request: AiCompletionRequest, permit: Permit, reservation: Reservation, started: number): Promise<AiCompletion> {
  try {
    const completion = await deps.writer.complete(request);
    permit.succeeded();
    return completion;
  } catch (error) {
    // The adapter turns every failure into an AiProviderError; anything else is still the provider's side, never a 500.
    const failure = error instanceof AiProviderError ? error : new AiProviderError('unavailable', error instanceof Error ? error.message : String(error));
    const policy = AI_FAILURE_POLICY[failure.reason];
    if (policy.breaker) permit.failed();
    await deps.usage
      .release({ userId: reservation.userId, day: reservation.day, counter: AI_USAGE_COUNTER, amount: reservation.amount })
      .catch((refundError: unknown) => deps.telemetry.refundFailed(refundError));
    deps.telemetry.failed({
      task,
      promptVersion: PROMPT_VERSION,
      model: deps.writer.model,
      reason: failure.reason,
      operatorAction: policy.operatorAction,
      detail: failure.message,
      ms: deps.clock.now().getTime() - started,
    });
    throw providerUnavailable(failure.reason, failure.retryAfterSeconds);
  }
}
