import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** One DynamoDB API call as the SDK sent it (`GetItemCommand`, `TransactWriteItemsCommand` …). */
export interface DynamoCall {
  command: string;
}

/** The calls of one invocation (one API request, one publisher batch …), under the label its scope was opened with. */
export interface ScopedCalls {
  label: string;
  calls: DynamoCall[];
}

interface OpenScope extends ScopedCalls {
  open: boolean;
  /** Streams of its answer still being read: the scope closes when the last one ends. */
  streams: number;
}

/**
 * Counts DynamoDB calls per invocation: an SDK middleware on the client (one
 * count per command sent, retries of the same command not counted again) and
 * an AsyncLocalStorage scope per invocation, opened by whoever invokes the
 * handler — the local gateway around each function call, the tests. Calls made
 * outside any scope (the authorizer, which the gateway runs and caches apart,
 * or background work) are not attributed to a route; calls made by work a
 * request left running after its answer are not either: the scope closes when
 * the invocation returns, or, for an answer that streams (`continued`), when
 * its stream ends, as a streaming Lambda runs until then.
 */
export class DynamoCallCounter {
  private readonly scopes = new AsyncLocalStorage<OpenScope>();
  private readonly listeners = new Set<(scoped: ScopedCalls) => void>();

  /** Adds the counting middleware to a client (DynamoDB or DocumentClient: they share one middleware stack). */
  attach(client: Pick<DynamoDBClient, 'middlewareStack'>): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const scope = this.scopes.getStore();
        if (scope?.open) scope.calls.push({ command: String(context.commandName ?? 'unknown') });
        return next(args);
      },
      { step: 'initialize', name: 'mark0DynamoCallCounter', override: true },
    );
  }

  /** Runs one invocation in a scope of its own; listeners get its calls when it settles (resolved or thrown). */
  async run<T>(label: string, invoke: () => Promise<T>): Promise<T> {
    const scope: OpenScope = { label, calls: [], open: true, streams: 0 };
    try {
      return await this.scopes.run(scope, invoke);
    } finally {
      if (scope.streams === 0) this.close(scope);
    }
  }

  /**
   * The stream the current invocation answers with, read in the invocation's
   * scope: the calls made while it is read count for the invocation, whose
   * scope stays open until the stream ends (or its reader stops). Outside a
   * scope, the stream as it is.
   */
  continued<T>(stream: AsyncIterable<T>): AsyncIterable<T> {
    const scope = this.scopes.getStore();
    if (!scope?.open) return stream;
    scope.streams += 1;
    const scopes = this.scopes;
    const ended = () => {
      scope.streams -= 1;
      if (scope.streams === 0) this.close(scope);
    };
    return {
      async *[Symbol.asyncIterator]() {
        const reading = stream[Symbol.asyncIterator]();
        let done = false;
        try {
          for (;;) {
            const next = await scopes.run(scope, () => reading.next());
            if (next.done) {
              done = true;
              return;
            }
            yield next.value;
          }
        } finally {
          if (!done) await scopes.run(scope, async () => reading.return?.());
          ended();
        }
      },
    };
  }

  private close(scope: OpenScope): void {
    if (!scope.open) return;
    scope.open = false;
    for (const listener of this.listeners) listener({ label: scope.label, calls: scope.calls });
  }

  /** Called with every settled scope; returns the function that stops listening. */
  onScope(listener: (scoped: ScopedCalls) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Per-label figures over many invocations: what `GET /local/db-calls` and the load benchmark print. */
export interface CallStats {
  invocations: number;
  calls: number;
  /** The most calls one invocation made. */
  max: number;
  /** Invocations by the number of calls they made (`{"1": 950, "2": 50}`). */
  byCount: Record<string, number>;
  byCommand: Record<string, number>;
}

/** Folds settled scopes into per-label statistics. */
export class CallStatistics {
  private readonly stats = new Map<string, CallStats>();

  constructor(counter: DynamoCallCounter) {
    counter.onScope((scoped) => this.add(scoped));
  }

  add({ label, calls }: ScopedCalls): void {
    const entry = this.stats.get(label) ?? { invocations: 0, calls: 0, max: 0, byCount: {}, byCommand: {} };
    entry.invocations += 1;
    entry.calls += calls.length;
    entry.max = Math.max(entry.max, calls.length);
    entry.byCount[calls.length] = (entry.byCount[calls.length] ?? 0) + 1;
    for (const call of calls) entry.byCommand[call.command] = (entry.byCommand[call.command] ?? 0) + 1;
    this.stats.set(label, entry);
  }

  snapshot(): Record<string, CallStats> {
    return Object.fromEntries([...this.stats.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.stats.clear();
  }
}
