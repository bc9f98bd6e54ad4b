import type { AiFailureRecord, AiGenerationRecord, AiTask, AiTelemetry } from '@lambdas/core/ports/ai-telemetry';

/** Keeps what AI drafting reports to the operator, one list per kind, instead of metrics and log lines. */
export class RecordingAiTelemetry implements AiTelemetry {
  readonly generations: AiGenerationRecord[] = [];
  readonly failures: AiFailureRecord[] = [];
  readonly breakerOpenings: { consecutiveFailures: number }[] = [];
  readonly quotaHits: { task: AiTask; tier: string; limit: number }[] = [];
  readonly refundFailures: unknown[] = [];

  generated(record: AiGenerationRecord): void {
    this.generations.push(record);
  }

  failed(record: AiFailureRecord): void {
    this.failures.push(record);
  }

  breakerOpened(info: { consecutiveFailures: number }): void {
    this.breakerOpenings.push(info);
  }

  quotaExceeded(info: { task: AiTask; tier: string; limit: number }): void {
    this.quotaHits.push(info);
  }

  refundFailed(error: unknown): void {
    this.refundFailures.push(error);
  }
}
