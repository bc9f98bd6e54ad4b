import type { Clock } from './ports/clock';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** How long it stays open (refusing at once) before one trial call may go through. */
  coolDownMs: number;
  clock: Clock;
  /** Called each time the breaker opens (first time, and again after a failed trial). */
  onOpen?: (info: { consecutiveFailures: number }) => void;
}

/** The caller's ticket for one call: report how it went, or release it unreported (the call never happened). */
export interface Permit {
  succeeded(): void;
  failed(): void;
  /** Ends the permit if neither was reported; safe to call always (e.g. in `finally`). */
  release(): void;
}

export type Admission = { admitted: true; permit: Permit } | { admitted: false; retryAfterSeconds: number };

/**
 * A circuit breaker around a flaky dependency: closed (calls go through) until
 * `failureThreshold` calls in a row fail, then open (calls refused at once,
 * without waiting on the dependency) for `coolDownMs`, then half-open: exactly
 * one trial call goes through while the others are still refused; its success
 * closes the breaker, its failure opens it for another cool-down.
 *
 * State is in memory, per process (per Lambda execution environment): see
 * README "AI drafting" for why it is not shared.
 */
export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  /** While half-open: when the trial call was let through (undefined: no trial in flight). */
  private trialStartedAt: number | undefined;

  constructor(private readonly options: BreakerOptions) {}

  state(): BreakerState {
    this.advance(this.now());
    return this.current;
  }

  admit(): Admission {
    const now = this.now();
    this.advance(now);
    if (this.current === 'open') {
      return { admitted: false, retryAfterSeconds: seconds(this.openedAt + this.options.coolDownMs - now) };
    }
    if (this.current === 'half-open') {
      // A trial that never reported (its process froze mid-call) does not keep the breaker shut forever.
      if (this.trialStartedAt !== undefined && now - this.trialStartedAt < this.options.coolDownMs) {
        return { admitted: false, retryAfterSeconds: seconds(this.trialStartedAt + this.options.coolDownMs - now) };
      }
      this.trialStartedAt = now;
      return { admitted: true, permit: this.permit(true) };
    }
    return { admitted: true, permit: this.permit(false) };
  }

  private permit(trial: boolean): Permit {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    return {
      succeeded: () =>
        settle(() => {
          // Any answer proves the dependency works again.
          this.current = 'closed';
          this.consecutiveFailures = 0;
          this.trialStartedAt = undefined;
        }),
      failed: () =>
        settle(() => {
          if (trial) return this.open();
          if (this.current !== 'closed') return; // a call admitted before the breaker opened: already counted in
          this.consecutiveFailures++;
          if (this.consecutiveFailures >= this.options.failureThreshold) this.open();
        }),
      release: () =>
        settle(() => {
          if (trial && this.current === 'half-open') this.trialStartedAt = undefined;
        }),
    };
  }

  private open(): void {
    this.current = 'open';
    this.openedAt = this.now();
    this.trialStartedAt = undefined;
    this.options.onOpen?.({ consecutiveFailures: this.consecutiveFailures });
  }

  private advance(now: number): void {
    if (this.current === 'open' && now - this.openedAt >= this.options.coolDownMs) {
      this.current = 'half-open';
      this.trialStartedAt = undefined;
    }
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
