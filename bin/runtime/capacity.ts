import { FUNCTION_CAPACITY, reservedConcurrencyTotal, type FunctionCapacity } from '@contract/function-capacity';

/** Released when the invocation is over; absent when the function had no room (Lambda would throttle it). */
export type Release = () => void;

/**
 * Lambda's concurrency, on this machine, from the settings CDK deploys
 * (lambdas/contract/function-capacity.ts): a function with reserved
 * concurrency runs at most that many invocations at once; the others share
 * what the account has left (its concurrency limit less every reservation).
 * An invocation that finds no room is refused at once, as Lambda throttles it,
 * and the local gateway answers what API Gateway answers then (503 with
 * Retry-After) instead of letting requests queue inside one Node process until
 * they time out.
 */
export class ConcurrencyModel {
  private readonly running = new Map<string, number>();
  private unreservedRunning = 0;
  private readonly unreservedLimit: number;
  /** Refusals per function since start (the load benchmark prints them). */
  readonly throttles = new Map<string, number>();

  constructor(
    private readonly capacity: Record<string, FunctionCapacity> = FUNCTION_CAPACITY,
    /** The account's concurrency limit (CDK context `lambdaConcurrencyLimit`, 1,000 by default). */
    accountLimit = 1000,
  ) {
    this.unreservedLimit = Math.max(0, accountLimit - reservedConcurrencyTotal(capacity));
  }

  /** Takes one slot of `fn`, or returns undefined when it has none free. */
  acquire(fn: string): Release | undefined {
    const reserved = this.capacity[fn]?.reservedConcurrency;
    const inUse = reserved === undefined ? this.unreservedRunning : (this.running.get(fn) ?? 0);
    if (inUse >= (reserved ?? this.unreservedLimit)) {
      this.throttles.set(fn, (this.throttles.get(fn) ?? 0) + 1);
      return undefined;
    }
    if (reserved === undefined) this.unreservedRunning++;
    else this.running.set(fn, inUse + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (reserved === undefined) this.unreservedRunning--;
      else this.running.set(fn, (this.running.get(fn) ?? 1) - 1);
    };
  }

  /** Milliseconds `fn` may run (its Lambda timeout); 10 s for a function the table does not know. */
  timeoutMs(fn: string): number {
    return (this.capacity[fn]?.timeoutSeconds ?? 10) * 1000;
  }
}
