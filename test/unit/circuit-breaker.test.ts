import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type Permit } from '@lambdas/core/circuit-breaker';

function setup(options: { failureThreshold?: number; coolDownMs?: number } = {}) {
  let now = Date.parse('2026-11-25T12:00:00Z');
  const opened: number[] = [];
  const breaker = new CircuitBreaker({
    failureThreshold: options.failureThreshold ?? 3,
    coolDownMs: options.coolDownMs ?? 30_000,
    clock: { now: () => new Date(now) },
    onOpen: (info) => opened.push(info.consecutiveFailures),
  });
  const permit = (): Permit => {
    const admission = breaker.admit();
    if (!admission.admitted) throw new Error(`refused, retry after ${admission.retryAfterSeconds}s`);
    return admission.permit;
  };
  return { breaker, opened, permit, advance: (ms: number) => (now += ms) };
}

describe('CircuitBreaker', () => {
  it('stays closed while failures are fewer than the threshold in a row, a success resetting the count', () => {
    const { breaker, permit } = setup();
    permit().failed();
    permit().failed();
    permit().succeeded();
    permit().failed();
    permit().failed();
    expect(breaker.state()).toBe('closed');
  });

  it('opens after the threshold of consecutive failures and then refuses at once with the seconds left of the cool-down', () => {
    const { breaker, permit, opened, advance } = setup();
    for (let i = 0; i < 3; i++) permit().failed();
    expect(breaker.state()).toBe('open');
    expect(opened).toEqual([3]);
    expect(breaker.admit()).toEqual({ admitted: false, retryAfterSeconds: 30 });
    advance(12_500);
    expect(breaker.admit()).toEqual({ admitted: false, retryAfterSeconds: 18 });
  });

  it('half-opens after the cool-down: exactly one trial goes through while the others are still refused', () => {
    const { breaker, permit, advance } = setup();
    for (let i = 0; i < 3; i++) permit().failed();
    advance(30_000);
    expect(breaker.state()).toBe('half-open');
    const trial = breaker.admit();
    expect(trial.admitted).toBe(true);
    expect(breaker.admit().admitted).toBe(false);
    expect(breaker.admit().admitted).toBe(false);
  });

  it('closes when the trial succeeds, letting every call through again', () => {
    const { breaker, permit, advance } = setup();
    for (let i = 0; i < 3; i++) permit().failed();
    advance(30_000);
    permit().succeeded();
    expect(breaker.state()).toBe('closed');
    expect(breaker.admit().admitted).toBe(true);
    expect(breaker.admit().admitted).toBe(true);
  });

  it('opens again for a whole cool-down when the trial fails', () => {
    const { breaker, permit, opened, advance } = setup();
    for (let i = 0; i < 3; i++) permit().failed();
    advance(30_000);
    permit().failed();
    expect(breaker.state()).toBe('open');
    expect(opened).toHaveLength(2);
    expect(breaker.admit()).toEqual({ admitted: false, retryAfterSeconds: 30 });
    advance(30_000);
    expect(breaker.admit().admitted).toBe(true);
  });

  it('lets another trial through when the trial ends without an outcome (released), or never reports within a cool-down', () => {
    const { breaker, permit, advance } = setup();
    for (let i = 0; i < 3; i++) permit().failed();
    advance(30_000);
    permit().release(); // e.g. the quota refused the request before the provider was called
    const stuck = breaker.admit();
    expect(stuck.admitted).toBe(true);
    expect(breaker.admit().admitted).toBe(false);
    advance(30_000); // the trial's process froze: it never reports
    expect(breaker.admit().admitted).toBe(true);
  });

  it('ignores outcomes reported twice and failures of calls admitted before it opened', () => {
    const { breaker, permit, opened } = setup();
    const early = permit();
    const late = permit();
    for (let i = 0; i < 3; i++) permit().failed();
    early.failed();
    early.failed();
    expect(opened).toHaveLength(1);
    late.release();
    expect(breaker.state()).toBe('open');
  });
});
