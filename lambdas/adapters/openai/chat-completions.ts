import { isInsufficientQuota, retryAfterMs, type Fetch } from './retry-policy';

/**
 * `POST {baseURL}/chat/completions` over fetch: the one call the AI drafts
 * make. The official SDK did this plus a great deal this function never uses
 * (streaming, files, assistants, realtime …): 147 KiB of the ai function's
 * bundle, half its size. What it did that matters is here: bearer auth, one
 * timeout per attempt, and its retry rule — 408, 409, 429 and 5xx and lost
 * connections, at most `maxRetries` more tries, waiting the provider's
 * Retry-After (retry-after-ms or retry-after) or else 0.5 s doubling up to 8 s
 * with jitter — with Mark.0's two exceptions: a 429 `insufficient_quota` (only
 * the operator can fix it) and a Retry-After longer than `maxRetryWaitMs`
 * (the user is better told when to come back) are not retried.
 */
export interface ChatCompletionsOptions {
  apiKey: string;
  baseURL: string;
  /** One attempt's limit (the caller's signal bounds the whole generation). */
  timeoutMs: number;
  maxRetries: number;
  maxRetryWaitMs: number;
  fetch?: Fetch;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** The provider answered with an error status; `type`, `code` and `param` come from its `{"error": {…}}` body. */
export class ChatCompletionsError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string | undefined,
    readonly code: string | undefined,
    readonly param: string | undefined,
    readonly headers: Headers,
  ) {
    super(message);
    this.name = 'ChatCompletionsError';
  }
}

/** No answer: the connection failed, or an attempt ran past its timeout (`timedOut`). */
export class ChatCompletionsConnectionError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
    this.name = 'ChatCompletionsConnectionError';
  }
}

export class ChatCompletions {
  private readonly fetch: Fetch;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(private readonly options: ChatCompletionsOptions) {
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? sleepUnless;
  }

  /** The parsed JSON of a 2xx answer (the caller checks it really is a chat completion). */
  async create(body: Record<string, unknown>, signal: AbortSignal): Promise<unknown> {
    for (let retries = 0; ; retries++) {
      const attempt = AbortSignal.any([signal, AbortSignal.timeout(this.options.timeoutMs)]);
      let response: Response;
      try {
        response = await this.fetch(`${this.options.baseURL.replace(/\/+$/, '')}/chat/completions`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${this.options.apiKey}`, 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify(body),
          signal: attempt,
        });
      } catch (error) {
        if (signal.aborted) throw error;
        const timedOut = attempt.aborted;
        if (retries >= this.options.maxRetries) throw new ChatCompletionsConnectionError(timedOut ? 'the attempt timed out' : `connection failed: ${String((error as Error).message ?? error)}`, timedOut);
        await this.sleep(backoffMs(retries), signal);
        continue;
      }
      const text = await response.text();
      if (response.ok) return JSON.parse(text) as unknown;
      const wait = retryAfterMs(response.headers);
      if (retries < this.options.maxRetries && this.worthRetrying(response, text, wait)) {
        await this.sleep(wait ?? backoffMs(retries), signal);
        continue;
      }
      throw toError(response, text);
    }
  }

  private worthRetrying(response: Response, text: string, waitMs: number | undefined): boolean {
    const told = response.headers.get('x-should-retry');
    if (told === 'false') return false;
    if (response.status === 429 && isInsufficientQuota(text)) return false;
    if (waitMs !== undefined && waitMs > this.options.maxRetryWaitMs) return false;
    if (told === 'true') return true;
    return response.status === 408 || response.status === 409 || response.status === 429 || response.status >= 500;
  }
}

/** 0.5 s, 1 s, 2 s … up to 8 s, less up to a quarter at random (the SDK's schedule). */
function backoffMs(retriesDone: number): number {
  return Math.min(500 * 2 ** retriesDone, 8_000) * (1 - Math.random() * 0.25);
}

function toError(response: Response, text: string): ChatCompletionsError {
  let error: { message?: unknown; type?: unknown; code?: unknown; param?: unknown } = {};
  try {
    const parsed = JSON.parse(text) as { error?: typeof error };
    if (parsed && typeof parsed.error === 'object' && parsed.error !== null) error = parsed.error;
  } catch {
    // not JSON: the status says enough
  }
  const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined);
  return new ChatCompletionsError(response.status, str(error.message) ?? `${response.status} status code`, str(error.type), str(error.code), str(error.param), response.headers);
}

function sleepUnless(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}
