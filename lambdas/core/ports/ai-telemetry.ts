import type { AiFailureReason } from './ai-writer';

export type AiTask = 'drafts' | 'rewrite';

/** One call to the provider that answered. */
export interface AiGenerationRecord {
  task: AiTask;
  promptVersion: string;
  model: string;
  /** Generations counted against the user's quota (one per variant asked for). */
  generations: number;
  /** Drafts that passed the output check and were returned. */
  delivered: number;
  /** Why the other drafts were dropped (empty, truncated, too_long). */
  rejected: string[];
  promptTokens: number;
  completionTokens: number;
  ms: number;
}

export interface AiFailureRecord {
  task: AiTask;
  promptVersion: string;
  model: string;
  /** A provider failure, or `unusable_output` when it answered with nothing we could return. */
  reason: AiFailureReason | 'unusable_output';
  /** The operator has to act (no key, no credit, wrong model): logged as an error, not a warning. */
  operatorAction: boolean;
  detail: string;
  ms: number;
}

/**
 * What AI drafting reports to the operator: metrics (AiGenerations, AiTokens,
 * AiFailures by reason, AiBreakerOpen, QuotaHits) and log lines. The Lambda
 * side implements it with Powertools; tests can collect it.
 */
export interface AiTelemetry {
  generated(record: AiGenerationRecord): void;
  failed(record: AiFailureRecord): void;
  breakerOpened(info: { consecutiveFailures: number }): void;
  quotaExceeded(info: { task: AiTask; tier: string; limit: number }): void;
  /** Giving a generation back after a provider failure did not work (the user lost one generation). */
  refundFailed(error: unknown): void;
}
