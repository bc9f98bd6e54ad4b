import { FUNCTION_CAPACITY } from '../../contract/function-capacity';

/**
 * How AI drafting is bounded in time and money, as data: the adapter reads the
 * defaults, CDK sizes the ai function's timeout from them, and a test holds the
 * chain "provider budget < function timeout < API Gateway's 29 s" together.
 */
export const AI_SETTINGS = {
  /**
   * A chat (non-reasoning) model: the whole output budget goes to the post, it
   * takes `temperature`, `n` and `max_tokens`, and it writes well for a few
   * tenths of a cent per draft. Any OpenAI-compatible model works (OPENAI_MODEL).
   */
  defaultModel: 'gpt-4.1-mini',
  defaultBaseUrl: 'https://api.openai.com/v1',
  /**
   * Milliseconds one generation may take at most, retries and backoff included
   * (OPENAI_TIMEOUT_MS). Long enough for three long drafts from a busy provider,
   * short enough to answer inside the function's timeout.
   */
  providerBudgetMs: 20_000,
  /** Retries of 429 rate_limit_exceeded, 5xx and connection failures, with the SDK's backoff (OPENAI_MAX_RETRIES). */
  maxRetries: 2,
  /** A provider asking us to wait longer than this before a retry gets no retry: the user hears "try again in N s" instead. */
  maxRetryWaitMs: 4_000,
  /**
   * The ai function's timeout: the provider budget plus room for DynamoDB and
   * a cold start, under API Gateway's 29 s integration limit so the function,
   * not the gateway, answers (with a 503 the web app understands).
   */
  functionTimeoutSeconds: FUNCTION_CAPACITY.ai.timeoutSeconds,
  /** Consecutive provider failures that open the circuit breaker. */
  breakerFailureThreshold: 5,
  /** How long an open breaker refuses at once before it lets one trial request through. */
  breakerCoolDownMs: 30_000,
} as const;

/** API Gateway's (default, for REST APIs) integration timeout. */
export const API_GATEWAY_INTEGRATION_TIMEOUT_SECONDS = 29;
