import type { UsageStore } from '@lambdas/core/ports/usage-store';

const COUNTER_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * The UsageStore of lambdas/adapters/dynamodb/usage-store.ts, in memory, with
 * the same conditions: an increment is counted only if the result stays within
 * the limit (else refused, with the value stored now); a release gives back only
 * what is there (never below zero, else nothing); bad counter names throw.
 */
export class MemoryUsageStore implements UsageStore {
  /** `<userId>|<day>` → counters. */
  readonly days = new Map<string, Record<string, number>>();
  /** Every call, in order: what a test asserts was counted and refunded, and when. */
  readonly calls: ({ op: 'tryIncrement'; allowed: boolean } | { op: 'release'; released: boolean })[] = [];

  async tryIncrement(input: { userId: string; day: string; counter: string; limit: number; amount?: number }): Promise<{ allowed: boolean; used: number }> {
    checkName(input.counter);
    const amount = input.amount ?? 1;
    const counters = this.counters(input.userId, input.day);
    const current = counters[input.counter];
    const allowed = amount <= input.limit && (current === undefined || current <= input.limit - amount);
    if (allowed) counters[input.counter] = (current ?? 0) + amount;
    this.calls.push({ op: 'tryIncrement', allowed });
    return { allowed, used: counters[input.counter] ?? 0 };
  }

  async release(input: { userId: string; day: string; counter: string; amount?: number }): Promise<void> {
    checkName(input.counter);
    const amount = input.amount ?? 1;
    const counters = this.counters(input.userId, input.day);
    const current = counters[input.counter];
    const released = current !== undefined && current >= amount;
    if (released) counters[input.counter] = current - amount;
    this.calls.push({ op: 'release', released });
  }

  async get(userId: string, day: string): Promise<Record<string, number>> {
    return { ...this.days.get(`${userId}|${day}`) };
  }

  private counters(userId: string, day: string): Record<string, number> {
    const id = `${userId}|${day}`;
    let counters = this.days.get(id);
    if (!counters) this.days.set(id, (counters = {}));
    return counters;
  }
}

function checkName(counter: string): void {
  if (!COUNTER_NAME.test(counter)) throw new Error(`Bad counter name ${counter}`);
}
