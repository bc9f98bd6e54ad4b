import { beforeEach, describe, expect, it } from 'vitest';
import { TIERS } from '@contract/tiers';
import { AI_FAILURE_POLICY } from '@lambdas/core/ai/ai-failures';
import { AI_SETTINGS } from '@lambdas/core/ai/ai-settings';
import { AI_USAGE_COUNTER, generateDrafts, getVoice, putVoice, rewriteDraft, type AiDeps } from '@lambdas/core/ai/ai-use-cases';
import { PROMPT_VERSION, SYSTEM_PROMPTS, readPromptData } from '@lambdas/core/ai/prompts';
import { CircuitBreaker } from '@lambdas/core/circuit-breaker';
import { ServiceUnavailableError, TooManyRequestsError } from '@lambdas/core/errors';
import { AI_FAILURE_REASONS, AiProviderError } from '@lambdas/core/ports/ai-writer';
import type { UsageStore } from '@lambdas/core/ports/usage-store';
import { ManualClock } from '../support/manual-clock';
import { MemoryUsageStore } from '../support/memory-usage-store';
import { MemoryVoiceStore } from '../support/memory-voice-store';
import { RecordingAiTelemetry } from '../support/recording-ai-telemetry';
import { ScriptedAiWriter, completion } from '../support/scripted-ai-writer';

/**
 * generateDrafts and rewriteDraft (lambdas/core/ai/ai-use-cases.ts) against
 * in-memory twins: what they return or throw, what the usage store counted and
 * gave back, what the provider was asked, and what the operator was told.
 */
const NOW = '2026-11-25T21:30:00.000Z';
const DAY = '2026-11-25';
/** From NOW to midnight UTC. */
const SECONDS_TO_RESET = 2.5 * 3600;
const who = { userId: 'ada', tier: 'free' as const };
const tiers = { ...TIERS, free: { ...TIERS.free, aiGenerationsPerDay: 10 } };
const DRAFT = 'We stopped estimating, and shipped more.\n\nHere is what changed for the team.\n\n#agile #teams';

let clock: ManualClock;
let usage: MemoryUsageStore;
let voices: MemoryVoiceStore;
let writer: ScriptedAiWriter;
let telemetry: RecordingAiTelemetry;
let deps: AiDeps;

beforeEach(() => {
  clock = new ManualClock(NOW);
  usage = new MemoryUsageStore();
  voices = new MemoryVoiceStore();
  writer = new ScriptedAiWriter('gpt-test');
  telemetry = new RecordingAiTelemetry();
  const breaker = new CircuitBreaker({
    failureThreshold: AI_SETTINGS.breakerFailureThreshold,
    coolDownMs: AI_SETTINGS.breakerCoolDownMs,
    clock,
    onOpen: (info) => telemetry.breakerOpened(info),
  });
  deps = { writer, usage, voices, clock, breaker, telemetry, tiers };
});

const used = async () => (await usage.get('ada', DAY))[AI_USAGE_COUNTER] ?? 0;
const drafts = (variants = 1) => generateDrafts(deps, who, { topic: 'Why we stopped estimating', variants });
/** The error a use case threw (the test fails if it returned). */
async function thrown(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => expect.fail(`expected an error, got ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
}

describe('drafts', () => {
  it('counts one generation per variant before calling the provider, and returns every usable variant with the day\'s usage', async () => {
    let countedDuringCall: number | undefined;
    writer.answer(() => {
      countedDuringCall = usage.days.get(`ada|${DAY}`)?.[AI_USAGE_COUNTER];
      clock.advance(1_200);
      return completion([DRAFT, '```\n' + DRAFT + '\n```', DRAFT.toUpperCase()]);
    });

    const result = await generateDrafts(deps, who, { topic: 'Why we stopped estimating', tone: 'candid', variants: 3 });

    expect(result).toEqual({
      variants: [{ content: DRAFT }, { content: DRAFT }, { content: DRAFT.toUpperCase() }],
      usage: { used: 3, limit: 10, resetsAt: '2026-11-26T00:00:00.000Z' },
    });
    expect(countedDuringCall).toBe(3);
    expect(await used()).toBe(3);
    expect(writer.requests).toHaveLength(1);
    expect(writer.requests[0]).toMatchObject({ system: SYSTEM_PROMPTS.drafts, choices: 3 });
    expect(readPromptData(writer.requests[0]!.user)).toMatchObject({ task: 'drafts', topic: 'Why we stopped estimating', tone: 'candid', voice: null });
    expect(telemetry.generations).toEqual([
      { task: 'drafts', promptVersion: PROMPT_VERSION, model: 'scripted-model', generations: 3, delivered: 3, rejected: [], promptTokens: 100, completionTokens: 150, ms: 1_200 },
    ]);
    expect(telemetry.failures).toEqual([]);
  });

  it('are written in the user\'s voice once one is stored', async () => {
    const voice = await putVoice(deps, 'ada', { styleProfile: 'Short sentences. No emoji.', examples: ['We shipped.'] });
    writer.answer(completion([DRAFT]));

    await drafts();

    expect(await getVoice(deps, 'ada')).toEqual(voice);
    expect(voices.voices.get('ada')).toEqual({ ...voice, updatedAt: NOW });
    expect(readPromptData(writer.requests[0]!.user)).toMatchObject({ voice: { styleProfile: 'Short sentences. No emoji.', examples: ['We shipped.'] } });
  });

  it('drop the variants that fail the output check (still counted: the tokens were spent), and say why', async () => {
    writer.answer({ ...completion([]), choices: [{ text: DRAFT, truncated: false }, { text: '   ', truncated: false }, { text: 'Cut off mid', truncated: true }] });

    const result = await drafts(3);

    expect(result.variants).toEqual([{ content: DRAFT }]);
    expect(result.usage.used).toBe(3);
    expect(telemetry.generations[0]).toMatchObject({ generations: 3, delivered: 1, rejected: ['empty', 'truncated'] });
  });
});

describe('rewrite', () => {
  it('asks for one revision of the post, in the user\'s voice, and counts one generation', async () => {
    await putVoice(deps, 'ada', { styleProfile: 'Warm.' });
    writer.answer(completion([DRAFT]));

    const result = await rewriteDraft(deps, who, { content: 'We stopped estimating.', instruction: 'more personal' });

    expect(result).toEqual({ variants: [{ content: DRAFT }], usage: { used: 1, limit: 10, resetsAt: '2026-11-26T00:00:00.000Z' } });
    expect(writer.requests[0]).toMatchObject({ system: SYSTEM_PROMPTS.rewrite, choices: 1 });
    expect(readPromptData(writer.requests[0]!.user)).toEqual({ task: 'rewrite', instruction: 'more personal', post: 'We stopped estimating.', voice: { styleProfile: 'Warm.', examples: [] } });
    expect(telemetry.generations).toMatchObject([{ task: 'rewrite', generations: 1, delivered: 1 }]);
    expect(await used()).toBe(1);
  });
});

describe('the daily quota', () => {
  it('refuses a request it has no room for with 429, saying how many are left, before calling the provider', async () => {
    await usage.tryIncrement({ userId: 'ada', day: DAY, counter: AI_USAGE_COUNTER, limit: 10, amount: 9 });

    const error = await thrown(drafts(3));

    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(error).toMatchObject({
      status: 429,
      code: 'AI_QUOTA_EXCEEDED',
      headers: { 'Retry-After': String(SECONDS_TO_RESET) },
      message: 'You asked for 3 drafts but have 1 AI generation left today (10 a day on the free plan). Ask for 1 or fewer, or wait: They reset at midnight UTC, in 2 h 30 min.',
    });
    expect(await used()).toBe(9);
    expect(writer.requests).toEqual([]);
    expect(telemetry.quotaHits).toEqual([{ task: 'drafts', tier: 'free', limit: 10 }]);
  });

  it('says when all of the day\'s generations are used', async () => {
    await usage.tryIncrement({ userId: 'ada', day: DAY, counter: AI_USAGE_COUNTER, limit: 10, amount: 10 });

    expect(await thrown(drafts(1))).toMatchObject({
      status: 429,
      message: 'You have used all 10 AI generations of your free plan for today. They reset at midnight UTC, in 2 h 30 min.',
    });
    expect(writer.requests).toEqual([]);
  });

  it('starts again the next UTC day', async () => {
    await usage.tryIncrement({ userId: 'ada', day: DAY, counter: AI_USAGE_COUNTER, limit: 10, amount: 10 });
    clock.advance(SECONDS_TO_RESET * 1000);
    writer.answer(completion([DRAFT]));

    expect((await drafts(1)).usage).toEqual({ used: 1, limit: 10, resetsAt: '2026-11-27T00:00:00.000Z' });
  });
});

describe('a provider failure', () => {
  it.each(AI_FAILURE_REASONS)('%s: 503 AI_UNAVAILABLE with Retry-After, the generations given back, the operator told', async (reason) => {
    writer.answer(new AiProviderError(reason, `provider said ${reason}`));
    const policy = AI_FAILURE_POLICY[reason];

    const error = await thrown(drafts(2));

    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({ status: 503, code: 'AI_UNAVAILABLE', message: policy.message(policy.retryAfterSeconds), headers: { 'Retry-After': String(policy.retryAfterSeconds) } });
    expect(await used()).toBe(0);
    expect(usage.calls).toEqual([
      { op: 'tryIncrement', allowed: true },
      { op: 'release', released: true },
    ]);
    expect(telemetry.failures).toEqual([
      { task: 'drafts', promptVersion: PROMPT_VERSION, model: 'gpt-test', reason, operatorAction: policy.operatorAction, detail: `provider said ${reason}`, ms: 0 },
    ]);
    expect(telemetry.generations).toEqual([]);
  });

  it('takes the provider\'s Retry-After when it gave one', async () => {
    writer.answer(new AiProviderError('rate_limited', 'slow down', 12));

    expect(await thrown(drafts())).toMatchObject({ headers: { 'Retry-After': '12' }, message: 'The AI provider is busy right now. Try again in 12 seconds.' });
  });

  it('that is not an AiProviderError is still the provider\'s side: 503 unavailable, refunded, never a 500', async () => {
    writer.answer(new TypeError('fetch failed'));

    expect(await thrown(drafts())).toMatchObject({ status: 503, code: 'AI_UNAVAILABLE' });
    expect(await used()).toBe(0);
    expect(telemetry.failures).toMatchObject([{ reason: 'unavailable', detail: 'fetch failed' }]);
  });

  it('whose refund fails is reported, and the user still gets the 503', async () => {
    const refusing: UsageStore = Object.assign(Object.create(usage) as UsageStore, {
      release: async () => {
        throw new Error('throttled by DynamoDB');
      },
    });
    deps = { ...deps, usage: refusing };
    writer.answer(new AiProviderError('timeout', 'no answer'));

    expect(await thrown(drafts())).toMatchObject({ status: 503, code: 'AI_UNAVAILABLE' });
    expect(telemetry.refundFailures).toEqual([new Error('throttled by DynamoDB')]);
    expect(await used()).toBe(1);
  });
});

describe('an answer with no usable draft', () => {
  it('is a 503 without a refund (the tokens were spent), and does not count against the provider', async () => {
    writer.answer(completion(['', '```\n\n```']));

    const error = await thrown(drafts(2));

    expect(error).toMatchObject({ status: 503, code: 'AI_UNAVAILABLE', headers: { 'Retry-After': '1' }, message: 'The AI did not write a usable draft this time. Try again, or rephrase the topic.' });
    expect(await used()).toBe(2);
    expect(usage.calls.map((c) => c.op)).toEqual(['tryIncrement']);
    expect(telemetry.generations).toMatchObject([{ generations: 2, delivered: 0, rejected: ['empty', 'empty'] }]);
    expect(telemetry.failures).toMatchObject([{ reason: 'unusable_output', operatorAction: false, detail: 'every draft failed the output check' }]);
    expect(deps.breaker.state()).toBe('closed');
  });
});

describe('the circuit breaker', () => {
  const threshold = AI_SETTINGS.breakerFailureThreshold;

  it(`opens after ${threshold} provider failures in a row: then 503 with Retry-After at once, nothing counted, the provider not called`, async () => {
    writer.answer(...Array.from({ length: threshold }, () => new AiProviderError('unavailable', 'down')));
    for (let i = 0; i < threshold; i++) await thrown(drafts());
    expect(telemetry.breakerOpenings).toEqual([{ consecutiveFailures: threshold }]);
    clock.advance(10_000);
    const calls = usage.calls.length;

    const error = await thrown(drafts());

    const retryAfter = AI_SETTINGS.breakerCoolDownMs / 1000 - 10;
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({ status: 503, code: 'AI_UNAVAILABLE', headers: { 'Retry-After': String(retryAfter) }, message: expect.stringContaining(`paused for ${retryAfter} seconds`) });
    expect(writer.requests).toHaveLength(threshold);
    expect(usage.calls).toHaveLength(calls);
    expect(await used()).toBe(0);
  });

  it('lets one trial through after the cool-down; its success closes the breaker', async () => {
    writer.answer(...Array.from({ length: threshold }, () => new AiProviderError('timeout', 'slow')), completion([DRAFT]), completion([DRAFT]));
    for (let i = 0; i < threshold; i++) await thrown(drafts());
    clock.advance(AI_SETTINGS.breakerCoolDownMs);

    expect((await drafts()).variants).toEqual([{ content: DRAFT }]);
    expect((await drafts()).variants).toEqual([{ content: DRAFT }]);
    expect(deps.breaker.state()).toBe('closed');
  });

  it('is not opened by requests the provider refused one by one (rejected_request)', async () => {
    writer.answer(...Array.from({ length: threshold }, () => new AiProviderError('rejected_request', 'no')), completion([DRAFT]));
    for (let i = 0; i < threshold; i++) await thrown(drafts());

    expect((await drafts()).variants).toHaveLength(1);
    expect(telemetry.breakerOpenings).toEqual([]);
  });
});
