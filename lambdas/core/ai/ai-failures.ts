import { ServiceUnavailableError } from '../errors';
import type { AiFailureReason } from '../ports/ai-writer';

export const AI_UNAVAILABLE = 'AI_UNAVAILABLE';

interface FailurePolicy {
  /** Counts toward opening the circuit breaker: a failure of the provider, not of this one request. */
  breaker: boolean;
  /** Only the operator can fix it: logged as an error, so alarms and the runbook pick it up. */
  operatorAction: boolean;
  /** Retry-After when the provider did not say. */
  retryAfterSeconds: number;
  message: (retryAfterSeconds: number) => string;
}

const WRITE_BY_HAND = 'You can still write, schedule and publish posts by hand.';

/**
 * What each provider failure means for the breaker, the operator and the user.
 * Every one is a 503 AI_UNAVAILABLE with Retry-After, never a 500: the
 * provider failing is not the user's fault, and the web app shows the message.
 */
export const AI_FAILURE_POLICY: Record<AiFailureReason, FailurePolicy> = {
  not_configured: {
    breaker: false,
    operatorAction: true,
    retryAfterSeconds: 900,
    message: () => `AI drafting is not set up on this server yet (no OpenAI API key). ${WRITE_BY_HAND}`,
  },
  insufficient_quota: {
    breaker: true,
    operatorAction: true,
    retryAfterSeconds: 900,
    message: () => `AI drafting is paused: the service's AI account has run out of credit and the operator has been alerted. ${WRITE_BY_HAND}`,
  },
  rate_limited: {
    breaker: true,
    operatorAction: false,
    retryAfterSeconds: 20,
    message: (s) => `The AI provider is busy right now. Try again in ${inWords(s)}.`,
  },
  timeout: {
    breaker: true,
    operatorAction: false,
    retryAfterSeconds: 5,
    message: () => 'The AI provider took too long to answer. Try again, or ask for a shorter post or fewer variants.',
  },
  unavailable: {
    breaker: true,
    operatorAction: false,
    retryAfterSeconds: 30,
    message: (s) => `The AI provider is not answering right now. Try again in ${inWords(s)}. ${WRITE_BY_HAND}`,
  },
  misconfigured: {
    breaker: true,
    operatorAction: true,
    retryAfterSeconds: 900,
    message: () => `AI drafting is misconfigured on this server (the AI provider refuses its key, model or address); the operator has been alerted. ${WRITE_BY_HAND}`,
  },
  rejected_request: {
    // One request the provider refused says nothing about the provider; it must not let one user open the breaker for all.
    breaker: false,
    operatorAction: false,
    retryAfterSeconds: 1,
    message: () => 'The AI provider refused this request. Rephrase the topic or shorten the text, then try again.',
  },
  malformed_response: {
    breaker: true,
    operatorAction: false,
    retryAfterSeconds: 5,
    message: () => 'The AI provider sent an answer that could not be read. Try again in a moment.',
  },
};

export function providerUnavailable(reason: AiFailureReason, providerRetryAfterSeconds?: number): ServiceUnavailableError {
  const policy = AI_FAILURE_POLICY[reason];
  const retryAfter = Math.max(1, Math.ceil(providerRetryAfterSeconds ?? policy.retryAfterSeconds));
  return new ServiceUnavailableError(policy.message(retryAfter), AI_UNAVAILABLE, retryAfter);
}

export function breakerOpen(retryAfterSeconds: number): ServiceUnavailableError {
  return new ServiceUnavailableError(
    `AI drafting is paused for ${inWords(retryAfterSeconds)} because the AI provider failed several times in a row. Try again then. ${WRITE_BY_HAND}`,
    AI_UNAVAILABLE,
    retryAfterSeconds,
  );
}

export function unusableOutput(): ServiceUnavailableError {
  return new ServiceUnavailableError(
    'The AI did not write a usable draft this time. Try again, or rephrase the topic.',
    AI_UNAVAILABLE,
    1,
  );
}

/** 45 → "45 seconds", 600 → "10 minutes", 11_520 → "3 h 12 min". */
export function inWords(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
