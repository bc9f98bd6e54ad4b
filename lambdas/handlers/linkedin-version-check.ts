import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from './emf-metrics';
import type { Context } from 'aws-lambda';
import { METRICS } from '../contract/metric-names';
import { checkLinkedInVersion, type LinkedInVersionReport } from '../core/linkedin/version-check';
import type { Clock } from '../core/ports/clock';
import { lazyHandler } from './http/http-api';
import { logger, metrics, publishMetrics } from './powertools';

export type LinkedInVersionCheckHandler = (event: unknown, context: Context) => Promise<LinkedInVersionReport>;

/**
 * Once a day (EventBridge rule): how many days the LinkedIn-Version this
 * deployment sends has left before LinkedIn retires it, as the metric
 * LinkedInVersionDaysLeft; the linkedin-version alarm fires 60 days before.
 * LinkedIn answers a retired version with 426 and every post would fail.
 */
export function createLinkedInVersionCheck(deps: { version: string; clock: Clock }): LinkedInVersionCheckHandler {
  const run = async (): Promise<LinkedInVersionReport> => {
    const report = checkLinkedInVersion(deps.version, deps.clock.now());
    metrics.addMetric(METRICS.linkedinVersionDaysLeft, MetricUnit.Count, report.daysLeft);
    if (report.raiseNow) logger.warn('LinkedIn-Version retires soon: raise it (docs/RUNBOOK.md#linkedin-version)', { ...report });
    else logger.info('LinkedIn-Version checked', { ...report });
    return report;
  };
  return middy(run)
    .use(injectLambdaContext(logger, { clearState: true, resetKeys: true }))
    .use(publishMetrics()) as unknown as LinkedInVersionCheckHandler;
}

export const handler = lazyHandler(async () => {
  const { linkedinVersionCheckDeps } = await import('../wiring/aws/linkedin-version-deps');
  return createLinkedInVersionCheck(linkedinVersionCheckDeps());
});
