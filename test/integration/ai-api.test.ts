import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAiSandbox } from '../../bin/runtime/openai-sandbox';
import { AI_SETTINGS } from '@lambdas/core/ai/ai-settings';
import { readPromptData } from '@lambdas/core/ai/prompts';

import { TIERS } from '@contract/tiers';
import { FUNCTION_CAPACITY } from '@contract/function-capacity';
import { startTestApp, type ApiClient } from './support/test-runtime';
import { countCharacters } from '@contract/api/posts';

/** The free tier with an AI limit of 10 a day, whatever the tier table says today. */
const tiers = { ...TIERS, free: { ...TIERS.free, aiGenerationsPerDay: 10 } };

let now = Date.parse('2026-11-25T21:30:00.000Z');
const clock = { now: () => new Date(now) };

// No OPENAI_API_KEY and no OPENAI_BASE_URL: the runtime starts its sandbox OpenAI server.
// 50 requests at once below: more than the ai function's concurrency, which this file is not about (gateway.test.ts is).
const app = await startTestApp({ clock, tiers, env: {}, functionCapacity: { ...FUNCTION_CAPACITY, ai: { ...FUNCTION_CAPACITY.ai, reservedConcurrency: 100 } } });
const sandbox = app.openaiSandbox!;
afterAll(() => app.stop());
beforeEach(() => {
  sandbox.reset();
  now = Date.parse('2026-11-25T21:30:00.000Z');
});

const drafts = (client: ApiClient, body: unknown = { topic: 'Why we stopped estimating' }) => client.post('/v1/ai/drafts', body);
const usedToday = async (client: ApiClient) => (await drafts(client, { topic: 'How many are left?', variants: 1 })).body.usage.used - 1;

describe('POST /v1/ai/drafts', () => {
  it('answers three variants on a topic, each a LinkedIn-ready post, with the day\'s usage (one generation per variant)', async () => {
    const user = await app.signIn();
    const res = await drafts(user, { topic: 'Remote work for engineering teams', tone: 'warm', audience: 'engineering managers', length: 'medium', variants: 3 });
    expect(res.status).toBe(200);
    expect(res.body.usage).toEqual({ used: 3, limit: 10, resetsAt: '2026-11-26T00:00:00.000Z' });
    expect(res.body.variants).toHaveLength(3);
    for (const { content } of res.body.variants as { content: string }[]) {
      expect(countCharacters(content)).toBeLessThanOrEqual(3000);
      expect(content.split('\n\n')[0]!.length).toBeLessThanOrEqual(200);
      expect(content).toMatch(/\n\n(#\w+ ?){1,3}$/);
    }
    expect(Object.keys(res.body)).toEqual(['variants', 'usage']);
  });

  it('gives drafts that save as a post as they are (the web app\'s one click)', async () => {
    const user = await app.signIn();
    const [variant] = (await drafts(user, { topic: 'Onboarding new engineers', length: 'long', variants: 1 })).body.variants;
    const saved = await user.post('/v1/posts', { content: variant.content });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ status: 'draft', content: variant.content });
  });

  it('refuses an invalid body with 400 naming each field, before counting anything or calling the provider', async () => {
    const user = await app.signIn();
    const res = await drafts(user, { topic: 'ok topic', variants: 5, length: 'epic', temperature: 2 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.details).toEqual([
      { field: 'length', message: 'must be one of short, medium, long' },
      { field: 'variants', message: 'must be a whole number from 1 to 3' },
      { field: 'temperature', message: 'unknown field "temperature"' },
    ]);
    expect(sandbox.requests).toHaveLength(0);
    expect(await usedToday(user)).toBe(0);
  });

  it('needs a signed-in user', async () => {
    expect((await app.anonymous().post('/v1/ai/drafts', { topic: 'Hiring' })).status).toBe(401);
  });
});

describe('POST /v1/ai/rewrite', () => {
  it('answers one revised draft and counts one generation', async () => {
    const user = await app.signIn();
    const res = await user.post('/v1/ai/rewrite', { content: 'We shipped.\n\nIt was late.\n\nIt was worth it.\n\n#Shipping', instruction: 'shorter please' });
    expect(res.status).toBe(200);
    expect(res.body.variants).toEqual([{ content: 'We shipped.\n\nIt was late.\n\n#Shipping' }]);
    expect(res.body.usage.used).toBe(1);
    const messages = sandbox.requests[0]!.body['messages'] as { content: string }[];
    expect(readPromptData(messages[1]!.content)).toMatchObject({ task: 'rewrite', instruction: 'shorter please' });
  });

  it('refuses a missing instruction and an over-long post with 400', async () => {
    const user = await app.signIn();
    const res = await user.post('/v1/ai/rewrite', { content: 'x'.repeat(10_001) });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(['content', 'instruction']);
  });
});

describe('GET/PUT /v1/me/voice', () => {
  it('starts empty, stores a profile and examples, and generation sends them (in the user message only)', async () => {
    const user = await app.signIn();
    expect((await user.get('/v1/me/voice')).body).toEqual({ styleProfile: null, examples: [] });
    const voice = { styleProfile: 'Blunt, first person, no emoji.', examples: ['Shipped on a Friday. Never again.', 'Hiring is a sales job.'] };
    const put = await user.request('PUT', '/v1/me/voice', { json: voice });
    expect(put).toMatchObject({ status: 200, body: voice });
    expect((await user.get('/v1/me/voice')).body).toEqual(voice);

    await drafts(user);
    const [system, userMessage] = sandbox.requests[0]!.body['messages'] as { role: string; content: string }[];
    expect(readPromptData(userMessage!.content)).toMatchObject({ voice });
    expect(system!.content).not.toContain('Shipped on a Friday');
  });

  it('replaces the whole voice: absent fields are stored empty', async () => {
    const user = await app.signIn();
    await user.request('PUT', '/v1/me/voice', { json: { styleProfile: 'Warm.', examples: ['One.'] } });
    expect((await user.request('PUT', '/v1/me/voice', { json: { examples: ['Two.'] } })).body).toEqual({ styleProfile: null, examples: ['Two.'] });
    expect((await user.get('/v1/me/voice')).body).toEqual({ styleProfile: null, examples: ['Two.'] });
  });

  it('keeps each user\'s voice to themselves', async () => {
    const alice = await app.signIn();
    const bob = await app.signIn();
    await alice.request('PUT', '/v1/me/voice', { json: { styleProfile: 'Alice style' } });
    expect((await bob.get('/v1/me/voice')).body).toEqual({ styleProfile: null, examples: [] });
  });

  it('refuses six examples and unknown fields with 400', async () => {
    const user = await app.signIn();
    const res = await user.request('PUT', '/v1/me/voice', { json: { examples: ['a', 'b', 'c', 'd', 'e', 'f'], name: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { field: 'examples', message: 'must hold at most 5 example posts' },
      { field: 'name', message: 'unknown field "name"' },
    ]);
  });
});

describe('the daily AI quota', () => {
  it('lets exactly 10 of 50 concurrent generation requests through; the other 40 get 429 with Retry-After to UTC midnight', async () => {
    const user = await app.signIn();
    const results = await Promise.all(Array.from({ length: 50 }, () => drafts(user, { topic: 'Concurrency', variants: 1 })));
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 429);
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(40);
    expect(ok.map((r) => r.body.usage.used).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const r of refused) {
      expect(r.body.error.code).toBe('AI_QUOTA_EXCEEDED');
      expect(r.headers.get('retry-after')).toBe(String(2.5 * 3600));
      expect(r.body.error.message).toBe('You have used all 10 AI generations of your free plan for today. They reset at midnight UTC, in 2 h 30 min.');
    }
    // The provider was called once per counted generation, never for a refused one.
    expect(sandbox.requests).toHaveLength(10);
  });

  it('resets at the UTC day boundary', async () => {
    const user = await app.signIn();
    now = Date.parse('2026-11-25T23:59:50.000Z');
    expect((await drafts(user, { topic: 'Before midnight', variants: 3 })).status).toBe(200);
    for (let i = 0; i < 7; i++) expect((await drafts(user, { topic: 'Before midnight' })).status).toBe(200);
    const refused = await drafts(user);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(refused.body.error.message).toContain('in 10 seconds');

    now = Date.parse('2026-11-26T00:00:00.000Z');
    const next = await drafts(user);
    expect(next.status).toBe(200);
    expect(next.body.usage).toEqual({ used: 1, limit: 10, resetsAt: '2026-11-27T00:00:00.000Z' });
  });

  it('refuses more variants than are left, saying how many are, and counts nothing', async () => {
    const user = await app.signIn();
    for (let i = 0; i < 3; i++) await drafts(user, { topic: 'Filling up', variants: 3 });
    const res = await drafts(user, { topic: 'One too many', variants: 3 });
    expect(res.status).toBe(429);
    expect(res.body.error.message).toMatch(/^You asked for 3 drafts but have 1 AI generation left today \(10 a day on the free plan\)\. Ask for 1 or fewer/);
    expect((await drafts(user, { topic: 'The last one', variants: 1 })).body.usage.used).toBe(10);
  });

  it('gives the generations back when the provider fails, but not when it answered with nothing usable', async () => {
    const user = await app.signIn();
    sandbox.fail({ kind: 'insufficient_quota' });
    expect((await drafts(user, { topic: 'Provider down', variants: 3 })).status).toBe(503);
    expect(await usedToday(user)).toBe(0);

    sandbox.fail({ kind: 'empty' });
    expect((await drafts(user, { topic: 'Nothing usable', variants: 2 })).status).toBe(503);
    expect(await usedToday(user)).toBe(2 + 1);
  });
});

describe('provider trouble', () => {
  it.each([
    [{ kind: 'insufficient_quota' as const }, 'the service\'s AI account has run out of credit', '900'],
    [{ kind: 'rate_limit' as const, retryAfterSeconds: 40 }, 'The AI provider is busy right now. Try again in 40 seconds.', '40'],
    [{ kind: 'unauthorized' as const }, 'AI drafting is misconfigured', '900'],
    [{ kind: 'malformed' as const }, 'an answer that could not be read', '5'],
    [{ kind: 'empty' as const }, 'The AI did not write a usable draft this time', '1'],
  ])('%j is a 503 AI_UNAVAILABLE with Retry-After and a message the user can act on', async (fault, message, retryAfter) => {
    const user = await app.signIn();
    sandbox.fail(fault);
    const res = await drafts(user);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('AI_UNAVAILABLE');
    expect(res.body.error.message).toContain(message);
    expect(res.headers.get('retry-after')).toBe(retryAfter);
  });

  it('5xx after the retries is a 503 too, never a 500', async () => {
    const user = await app.signIn();
    sandbox.fail({ kind: 'server_error' }, 3);
    const res = await drafts(user);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe('The AI provider is not answering right now. Try again in 30 seconds. You can still write, schedule and publish posts by hand.');
    expect(sandbox.requests).toHaveLength(1 + AI_SETTINGS.maxRetries);
  });
});

describe('/config.json', () => {
  it('tells the web app that AI drafts come from the sandbox', async () => {
    const res = await fetch(`${app.url}/config.json`);
    expect(await res.json()).toMatchObject({ sandbox: { openai: true } });
  });
});

describe('the circuit breaker, in a runtime that uses an OpenAI-compatible server at OPENAI_BASE_URL', async () => {
  const provider = await startOpenAiSandbox();
  let time = Date.parse('2026-11-25T10:00:00.000Z');
  const breakerApp = await startTestApp({
    clock: { now: () => new Date(time) },
    tiers: { ...TIERS, free: { ...TIERS.free, aiGenerationsPerDay: 100 } },
    env: { OPENAI_BASE_URL: provider.baseUrl, OPENAI_MAX_RETRIES: '0', OPENAI_MODEL: 'local-model' },
  });
  afterAll(async () => {
    await breakerApp.stop();
    await provider.stop();
  });

  it('starts no sandbox and calls the configured server (a local model server needs no key)', async () => {
    expect(breakerApp.openaiSandbox).toBeUndefined();
    expect(await (await fetch(`${breakerApp.url}/config.json`)).json()).toMatchObject({ sandbox: { openai: false } });
    const user = await breakerApp.signIn();
    expect((await drafts(user)).status).toBe(200);
    expect(provider.requests.at(-1)).toMatchObject({ authorization: 'local', body: { model: 'local-model' } });
  });

  it('opens after repeated failures, fails fast while the rest of the app keeps working, then half-opens and recovers', async () => {
    const user = await breakerApp.signIn();
    provider.reset();
    provider.fail({ kind: 'server_error' }, AI_SETTINGS.breakerFailureThreshold);
    for (let i = 0; i < AI_SETTINGS.breakerFailureThreshold; i++) expect((await drafts(user)).status).toBe(503);
    expect(provider.requests).toHaveLength(AI_SETTINGS.breakerFailureThreshold);

    // Open: refused at once, the provider not even asked.
    const fast = await drafts(user);
    expect(fast.status).toBe(503);
    expect(fast.body.error.code).toBe('AI_UNAVAILABLE');
    expect(fast.body.error.message).toMatch(/^AI drafting is paused for 30 seconds because the AI provider failed several times in a row/);
    expect(fast.headers.get('retry-after')).toBe('30');
    expect(provider.requests).toHaveLength(AI_SETTINGS.breakerFailureThreshold);

    // The rest of the app does not depend on the provider.
    expect((await user.post('/v1/posts', { content: 'Written by hand.' })).status).toBe(201);
    expect((await user.get('/v1/me/voice')).status).toBe(200);

    time += 20_000;
    expect((await drafts(user)).headers.get('retry-after')).toBe('10');

    // Half-open after the cool-down: the trial fails, so it opens again for a whole cool-down.
    time += 10_000;
    provider.fail({ kind: 'server_error' });
    expect((await drafts(user)).status).toBe(503);
    expect((await drafts(user)).headers.get('retry-after')).toBe('30');
    expect(provider.requests).toHaveLength(AI_SETTINGS.breakerFailureThreshold + 1);

    // Half-open again: the trial succeeds and closes the breaker.
    time += AI_SETTINGS.breakerCoolDownMs;
    const trial = await drafts(user);
    expect(trial.status).toBe(200);
    expect(trial.body.usage.used).toBe(1); // every failure before gave its generation back
    expect((await drafts(user)).status).toBe(200);
  });
});
