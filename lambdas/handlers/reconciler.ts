import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from './emf-metrics';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { METRICS } from '../contract/metric-names';
import { reconcile, type ReconcilerDeps } from '../core/publishing/reconcile';
import { lazyHandler } from './http/http-api';
import { logger, metrics, publishMetrics } from './powertools';
import { reconcilerDeps } from '../wiring/aws/reconciler-deps';

export type ReconcilerHandler = (event: ScheduledEvent, context: Context) => Promise<{ examined: number; redriven: number }>;

/** Every few minutes: re-drives due posts that lost their message or their worker (see core/publishing/reconcile.ts). */
export function createReconciler(deps: ReconcilerDeps): ReconcilerHandler {
  const run = async (): Promise<{ examined: number; redriven: number }> => {
    const { examined, redriven } = await reconcile(deps);
    // Sent only when it is not 0: a custom metric is billed for every hour it receives data, and a 0 tells the dashboard nothing a gap does not.
    if (redriven.length > 0) metrics.addMetric(METRICS.postsRedriven, MetricUnit.Count, redriven.length);
    for (const post of redriven) logger.warn('due post re-driven', { postId: post.id, userId: post.userId, status: post.status, scheduledAt: post.scheduledAt });
    logger.info('reconciled', { examined, redriven: redriven.length });
    return { examined, redriven: redriven.length };
  };
  return middy(run)
    .use(injectLambdaContext(logger, { clearState: true, resetKeys: true }))
    .use(publishMetrics()) as unknown as ReconcilerHandler;
}

export const handler = lazyHandler(async () => {
  return createReconciler(await reconcilerDeps());
});
