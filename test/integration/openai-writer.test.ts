import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAiSandbox } from '../../bin/runtime/openai-sandbox';
import { openAiConfig } from '@lambdas/wiring/config';
import { createAiWriter, type OpenAiConfig } from '@lambdas/adapters/openai/openai-writer';
import { draftPrompt, readPromptData } from '@lambdas/core/ai/prompts';
import { AiProviderError } from '@lambdas/core/ports/ai-writer';

/** The OpenAI adapter (the official SDK) against a local server speaking the Chat Completions protocol. */
const sandbox = await startOpenAiSandbox();
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.reset());

function writer(overrides: Partial<OpenAiConfig> = {}) {
  return createAiWriter({
    ...openAiConfig({ OPENAI_API_KEY: 'sk-test-key', OPENAI_BASE_URL: sandbox.baseUrl, OPENAI_MODEL: 'gpt-test' }),
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<AiProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AiProviderError);
  return error as AiProviderError;
}

const request = draftPrompt({ topic: 'Why we stopped estimating', tone: 'candid', audience: 'engineering leads', length: 'short', variants: 3 }, undefined);

describe('OpenAiWriter', () => {
  it('sends the model, a system and a user message (user input only in the user one), the token cap, temperature and n', async () => {
    await writer().complete(request);
    expect(sandbox.requests).toHaveLength(1);
    const [sent] = sandbox.requests;
    expect(sent).toMatchObject({ method: 'POST', path: '/v1/chat/completions', authorization: 'sk-test-key' });
    expect(sent!.body).toEqual({
      model: 'gpt-test',
      messages: [
        { role: 'system', content: request.system },
        { role: 'user', content: request.user },
      ],
      max_tokens: request.maxTokens,
      temperature: request.temperature,
      n: 3,
    });
    const messages = sent!.body['messages'] as { role: string; content: string }[];
    expect(messages[0]!.content).not.toContain('Why we stopped estimating');
    expect(readPromptData(messages[1]!.content)).toMatchObject({ topic: 'Why we stopped estimating', tone: 'candid', audience: 'engineering leads' });
  });

  it('returns one text per choice with the token usage and the answering model', async () => {
    const completion = await writer().complete(request);
    expect(completion.choices).toHaveLength(3);
    expect(new Set(completion.choices.map((c) => c.text)).size).toBe(3);
    expect(completion.choices.every((c) => c.text.length > 100 && !c.truncated)).toBe(true);
    expect(completion.usage.promptTokens).toBeGreaterThan(0);
    expect(completion.usage.completionTokens).toBeGreaterThan(0);
    expect(completion.model).toBe('gpt-test-sandbox');
  });

  it('leaves n out for one variant', async () => {
    await writer().complete({ ...request, choices: 1 });
    expect(sandbox.requests[0]!.body).not.toHaveProperty('n');
  });

  it('marks a choice the token cap cut off as truncated', async () => {
    const completion = await writer().complete({ ...request, maxTokens: 20, choices: 1 });
    expect(completion.choices[0]!.truncated).toBe(true);
  });

  it('does not retry 429 insufficient_quota: one request, reported as insufficient_quota', async () => {
    sandbox.fail({ kind: 'insufficient_quota' }, 3);
    const error = await failure(writer().complete(request));
    expect(error.reason).toBe('insufficient_quota');
    expect(sandbox.requests).toHaveLength(1);
  });

  it('retries 429 rate_limit_exceeded with the SDK backoff and succeeds', async () => {
    sandbox.fail({ kind: 'rate_limit' }, 2);
    const completion = await writer().complete(request);
    expect(completion.choices).toHaveLength(3);
    expect(sandbox.requests).toHaveLength(3);
  });

  it('gives up on rate limits after the bounded retries, passing on when to come back', async () => {
    sandbox.fail({ kind: 'rate_limit', retryAfterMs: 10 }, 5);
    const error = await failure(writer({ maxRetries: 1 }).complete(request));
    expect(error.reason).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBe(1);
    expect(sandbox.requests).toHaveLength(2);
  });

  it('does not wait out a Retry-After longer than the budget allows: no retry, the wait is passed on', async () => {
    sandbox.fail({ kind: 'rate_limit', retryAfterSeconds: 40 });
    const error = await failure(writer().complete(request));
    expect(error).toMatchObject({ reason: 'rate_limited', retryAfterSeconds: 40 });
    expect(sandbox.requests).toHaveLength(1);
  });

  it('retries 5xx a bounded number of times, then reports the provider unavailable', async () => {
    sandbox.fail({ kind: 'server_error', status: 503 }, 10);
    const error = await failure(writer({ maxRetries: 2 }).complete(request));
    expect(error.reason).toBe('unavailable');
    expect(sandbox.requests).toHaveLength(3);
  });

  it('recovers from one 5xx by retrying', async () => {
    sandbox.fail({ kind: 'server_error' });
    expect((await writer().complete(request)).choices).toHaveLength(3);
    expect(sandbox.requests).toHaveLength(2);
  });

  it('stops waiting at the time budget (OPENAI_TIMEOUT_MS), retries included', async () => {
    sandbox.fail({ kind: 'slow', ms: 5_000 }, 5);
    const error = await failure(writer({ timeoutMs: 300, maxRetries: 2 }).complete(request));
    expect(error.reason).toBe('timeout');
  });

  it('rejects a 200 whose body is not JSON, or JSON that is not a chat completion', async () => {
    sandbox.fail({ kind: 'malformed' });
    expect((await failure(writer().complete(request))).reason).toBe('malformed_response');
    sandbox.fail({ kind: 'not_a_completion' });
    expect((await failure(writer().complete(request))).reason).toBe('malformed_response');
  });

  it('returns empty choices as empty texts (the core rejects them)', async () => {
    sandbox.fail({ kind: 'empty' });
    const completion = await writer().complete(request);
    expect(completion.choices.map((c) => c.text)).toEqual(['', '', '']);
  });

  it('reports a refused key as misconfigured without the key in the message', async () => {
    sandbox.fail({ kind: 'unauthorized' });
    const error = await failure(writer().complete(request));
    expect(error.reason).toBe('misconfigured');
    expect(error.message).not.toMatch(/sk-proj|sk-test/);
    expect(sandbox.requests).toHaveLength(1);
  });

  it('reports a server it cannot reach as unavailable', async () => {
    const error = await failure(writer({ baseURL: 'http://127.0.0.1:9/v1', maxRetries: 0 }).complete(request));
    expect(error.reason).toBe('unavailable');
  });

  it('without an API key, fails as not_configured without calling anyone', async () => {
    const error = await failure(createAiWriter(openAiConfig({ OPENAI_BASE_URL: sandbox.baseUrl })).complete(request));
    expect(error.reason).toBe('not_configured');
    expect(sandbox.requests).toHaveLength(0);
  });

  it('asks for the missing variants separately from a server that ignores n, and stops sending n', async () => {
    sandbox.behave({ ignoreN: true });
    const ai = writer();
    expect((await ai.complete(request)).choices).toHaveLength(3);
    expect(sandbox.requests.map((r) => r.body['n'])).toEqual([3, undefined, undefined]);
    sandbox.reset();
    sandbox.behave({ ignoreN: true });
    expect((await ai.complete(request)).choices).toHaveLength(3);
    expect(sandbox.requests.map((r) => r.body['n'])).toEqual([undefined, undefined, undefined]);
  });

  it("learns a reasoning model's parameters from its 400s: max_completion_tokens instead of max_tokens, no temperature", async () => {
    sandbox.behave({ reasoningModel: true });
    const ai = writer();
    expect((await ai.complete(request)).choices).toHaveLength(3);
    const last = sandbox.requests.at(-1)!.body;
    expect(last).toMatchObject({ max_completion_tokens: request.maxTokens, n: 3 });
    expect(last).not.toHaveProperty('max_tokens');
    expect(last).not.toHaveProperty('temperature');
    sandbox.reset();
    sandbox.behave({ reasoningModel: true });
    await ai.complete(request);
    expect(sandbox.requests).toHaveLength(1);
  });
});

describe('openAiConfig', () => {
  it('defaults to OpenAI and the configured model, with the time budget and retries of AI_SETTINGS', () => {
    expect(openAiConfig({})).toMatchObject({ apiKey: undefined, baseURL: 'https://api.openai.com/v1', model: 'gpt-4.1-mini', timeoutMs: 20_000, maxRetries: 2 });
  });

  it('refuses a time budget beyond what the function timeout allows', () => {
    expect(() => openAiConfig({ OPENAI_TIMEOUT_MS: '60000' })).toThrow(/OPENAI_TIMEOUT_MS must be a whole number from 1 to 20000/);
  });
});
