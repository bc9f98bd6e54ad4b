import type { CallStatistics } from '@lambdas/adapters/dynamodb/call-counter';
import type { ConcurrencyModel } from './capacity';
import { send, type LocalRoute } from './gateway';

/**
 * GET /local/db-calls: DynamoDB calls per route (and per publisher, reconciler
 * and usage-counter run) since the runtime started, counted by the SDK
 * middleware (lambdas/adapters/dynamodb/call-counter.ts), and the invocations
 * Lambda's modelled concurrency refused, per function. The load benchmark
 * prints both; `?reset=1` starts the count again.
 */
export function dbCallsRoute(stats: CallStatistics, capacity: ConcurrencyModel): LocalRoute {
  return (req, res, url) => {
    if (url.pathname !== '/local/db-calls' || req.method !== 'GET') return false;
    const body = { dynamodbCalls: stats.snapshot(), throttledInvocations: Object.fromEntries(capacity.throttles) };
    if (url.searchParams.get('reset') === '1') {
      stats.reset();
      capacity.throttles.clear();
    }
    send(res, 200, body);
    return true;
  };
}
