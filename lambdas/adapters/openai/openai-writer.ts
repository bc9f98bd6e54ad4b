import { AiProviderError, type AiCompletion, type AiCompletionRequest, type AiWriter } from '../../core/ports/ai-writer';
import { ChatCompletions, ChatCompletionsConnectionError, ChatCompletionsError } from './chat-completions';
import { retryAfterMs, type Fetch } from './retry-policy';

export interface OpenAiConfig {
  /** Without one, every call fails as `not_configured` (the operator has not filled in the secret). */
  apiKey: string | undefined;
  baseURL: string;
  model: string;
  /** The whole budget of one generation, retries and backoff included. */
  timeoutMs: number;
  maxRetries: number;
  /** Longest Retry-After worth waiting for inside the budget. */
  maxRetryWaitMs: number;
  /** For tests: what the client fetches with. */
  fetch?: Fetch;
}

export function createAiWriter(config: OpenAiConfig): AiWriter {
  return config.apiKey ? new OpenAiWriter({ ...config, apiKey: config.apiKey }) : unconfiguredWriter(config.model);
}

function unconfiguredWriter(model: string): AiWriter {
  return {
    model,
    complete: async () => {
      throw new AiProviderError('not_configured', 'OPENAI_API_KEY is not set: put it into the app secret (lib/README.md, "Deploying")');
    },
  };
}

/**
 * Chat Completions (chat-completions.ts, over fetch): the wire protocol OpenAI and
 * nearly every compatible server (vLLM, llama.cpp, Ollama, LM Studio, hosted
 * gateways) speak, so OPENAI_BASE_URL can point at any of them.
 *
 * Variants: one request with `n` (the prompt is billed once, not once per
 * variant). A server that ignores `n` answers with one choice; the missing
 * ones are then asked for in parallel, and this instance stops sending `n`.
 *
 * Parameters some servers refuse are learnt from their 400 (which names the
 * parameter), once per instance: `max_tokens` becomes `max_completion_tokens`
 * (OpenAI's reasoning models), `temperature` is left out, `n` is dropped.
 * `max_tokens` is the default although OpenAI deprecated it, because it is the
 * one every compatible server honours; an unknown parameter is usually ignored
 * silently, which would lift the cost cap.
 */
export class OpenAiWriter implements AiWriter {
  readonly model: string;
  private readonly client: ChatCompletions;
  private readonly compat = { tokenParam: 'max_tokens' as 'max_tokens' | 'max_completion_tokens', temperature: true, n: true };

  constructor(private readonly config: OpenAiConfig & { apiKey: string }) {
    this.model = config.model;
    this.client = new ChatCompletions({
      apiKey: config.apiKey,
      baseURL: config.baseURL,
      timeoutMs: config.timeoutMs,
      maxRetries: config.maxRetries,
      maxRetryWaitMs: config.maxRetryWaitMs,
      ...(config.fetch ? { fetch: config.fetch } : {}),
    });
  }

  async complete(request: AiCompletionRequest): Promise<AiCompletion> {
    // One deadline for the whole generation: the client's timeout is per attempt, and retries and top-ups come on top.
    const deadline = AbortSignal.timeout(this.config.timeoutMs);
    try {
      return await this.completeWithin(request, deadline);
    } catch (error) {
      throw toProviderError(error, deadline);
    }
  }

  private async completeWithin(request: AiCompletionRequest, signal: AbortSignal): Promise<AiCompletion> {
    const answers: ParsedAnswer[] = [];
    const ask = async (calls: number, n: number) => answers.push(...(await Promise.all(Array.from({ length: calls }, () => this.create(request, n, signal)))));
    if (this.compat.n) await ask(1, request.choices);
    const missing = request.choices - answers.reduce((sum, answer) => sum + answer.choices.length, 0);
    if (missing > 0) {
      if (request.choices > 1) this.compat.n = false;
      await ask(missing, 1);
    }
    return {
      choices: answers.flatMap((answer) => answer.choices).slice(0, request.choices),
      usage: {
        promptTokens: answers.reduce((sum, answer) => sum + answer.promptTokens, 0),
        completionTokens: answers.reduce((sum, answer) => sum + answer.completionTokens, 0),
      },
      model: answers[0]?.model ?? this.model,
    };
  }

  private async create(request: AiCompletionRequest, n: number, signal: AbortSignal): Promise<ParsedAnswer> {
    for (let adaptations = 0; ; adaptations++) {
      try {
        const body: Record<string, unknown> = {
          model: this.model,
          messages: [
            { role: 'system', content: request.system },
            { role: 'user', content: request.user },
          ],
          [this.compat.tokenParam]: request.maxTokens,
          ...(this.compat.temperature ? { temperature: request.temperature } : {}),
          ...(this.compat.n && n > 1 ? { n } : {}),
        };
        return parseAnswer(await this.client.create(body, signal));
      } catch (error) {
        if (adaptations < 3 && this.adapt(error)) continue;
        throw error;
      }
    }
  }

  /** Learns from a 400 that names a parameter this server refuses; true if the request should be sent again. */
  private adapt(error: unknown): boolean {
    if (!(error instanceof ChatCompletionsError) || error.status !== 400) return false;
    const param = error.param ?? /'(max_tokens|temperature|n)'/.exec(error.message)?.[1];
    if (param === 'max_tokens' && this.compat.tokenParam === 'max_tokens') this.compat.tokenParam = 'max_completion_tokens';
    else if (param === 'temperature' && this.compat.temperature) this.compat.temperature = false;
    else if (param === 'n' && this.compat.n) this.compat.n = false;
    else return false;
    return true;
  }
}

interface ParsedAnswer {
  choices: { text: string; truncated: boolean }[];
  promptTokens: number;
  completionTokens: number;
  model: string;
}

/** Checks the answer really is a Chat Completion (a compatible server, or a proxy in between, may send anything). */
function parseAnswer(response: unknown): ParsedAnswer {
  const value = response as unknown as { choices?: unknown; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown }; model?: unknown };
  if (typeof value !== 'object' || value === null || !Array.isArray(value.choices) || value.choices.length === 0) {
    throw new AiProviderError('malformed_response', 'the answer is not a chat completion (no choices)');
  }
  const choices = [...(value.choices as unknown[])]
    .sort((a, b) => indexOf(a) - indexOf(b))
    .map((choice) => {
      const message = (choice as { message?: { content?: unknown; refusal?: unknown } } | null)?.message;
      const content = message?.content;
      if (!message || (content !== null && content !== undefined && typeof content !== 'string')) {
        throw new AiProviderError('malformed_response', 'a choice has no text message');
      }
      return { text: content ?? '', truncated: (choice as { finish_reason?: unknown }).finish_reason === 'length' };
    });
  return {
    choices,
    promptTokens: tokens(value.usage?.prompt_tokens),
    completionTokens: tokens(value.usage?.completion_tokens),
    model: typeof value.model === 'string' && value.model !== '' ? value.model : 'unknown',
  };
}

function indexOf(choice: unknown): number {
  const index = (choice as { index?: unknown } | null)?.index;
  return typeof index === 'number' ? index : 0;
}

function tokens(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

/** Every failure as an AiProviderError with a reason; the message is for logs and never carries the key. */
export function toProviderError(error: unknown, deadline: AbortSignal): AiProviderError {
  if (error instanceof AiProviderError) return error;
  if (deadline.aborted || (error instanceof ChatCompletionsConnectionError && error.timedOut)) {
    return new AiProviderError('timeout', 'no answer within the time budget (OPENAI_TIMEOUT_MS)');
  }
  if (error instanceof ChatCompletionsConnectionError) return new AiProviderError('unavailable', redact(error.message));
  if (error instanceof ChatCompletionsError) {
    const detail = redact(`${error.status} ${error.type ?? ''}/${error.code ?? ''}${error.param ? ` param=${error.param}` : ''}: ${error.message}`);
    const waitMs = retryAfterMs(error.headers);
    const retryAfter = waitMs === undefined ? undefined : Math.ceil(waitMs / 1000);
    if (error.status === 429) {
      return error.code === 'insufficient_quota' || error.type === 'insufficient_quota'
        ? new AiProviderError('insufficient_quota', detail)
        : new AiProviderError('rate_limited', detail, retryAfter);
    }
    if (error.status === 401 || error.status === 403 || error.status === 404) return new AiProviderError('misconfigured', detail);
    if (error.status === 408) return new AiProviderError('timeout', detail);
    if (error.status >= 500) return new AiProviderError('unavailable', detail, retryAfter);
    return new AiProviderError('rejected_request', detail);
  }
  // A 200 whose body is not JSON, or anything else that could not be read.
  return new AiProviderError('malformed_response', redact(error instanceof Error ? `${error.name}: ${error.message}` : String(error)));
}

/** Providers echo part of a wrong key ("Incorrect API key provided: sk-proj-****abcd"); logs get none of it. */
function redact(text: string): string {
  return text.replace(/\bsk-[A-Za-z0-9_*-]+/g, 'sk-[redacted]');
}
