/**
 * The AI model that writes drafts (OpenAI's Chat Completions, or any server
 * that speaks it). One request asks for `choices` independent answers to the
 * same prompt; the core builds the prompt and judges the answers.
 */
export interface AiCompletionRequest {
  /** Our instructions only: never contains anything the user typed. */
  system: string;
  /** Everything the user provided, as delimited data. */
  user: string;
  /** Output token cap per choice: the cost guard. */
  maxTokens: number;
  temperature: number;
  /** Independent answers wanted (1–3). */
  choices: number;
}

export interface AiCompletion {
  /** One per choice asked for, in order; `truncated` when the token cap cut it off. */
  choices: { text: string; truncated: boolean }[];
  usage: { promptTokens: number; completionTokens: number };
  /** The model that answered, as the provider names it. */
  model: string;
}

export interface AiWriter {
  /** The configured model name (for logs). */
  readonly model: string;
  /** Throws AiProviderError for every failure; nothing else escapes. */
  complete(request: AiCompletionRequest): Promise<AiCompletion>;
}

/**
 * Why the provider gave no usable answer:
 *  - not_configured      no API key (the operator has not filled in the secret yet)
 *  - insufficient_quota  the operator's OpenAI account is out of credit (429, never retried)
 *  - rate_limited        429 rate_limit_exceeded after the bounded retries
 *  - timeout             no answer within the budget
 *  - unavailable         5xx or no connection, after the bounded retries
 *  - misconfigured       401/403/404: wrong key, no access, unknown model or base URL
 *  - rejected_request    another 4xx: the provider refused this one request
 *  - malformed_response  an answer that is not a Chat Completion
 */
export const AI_FAILURE_REASONS = [
  'not_configured',
  'insufficient_quota',
  'rate_limited',
  'timeout',
  'unavailable',
  'misconfigured',
  'rejected_request',
  'malformed_response',
] as const;
export type AiFailureReason = (typeof AI_FAILURE_REASONS)[number];

export class AiProviderError extends Error {
  constructor(
    readonly reason: AiFailureReason,
    message: string,
    /** When the provider said when to come back (Retry-After), in seconds. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AiProviderError';
  }
}
