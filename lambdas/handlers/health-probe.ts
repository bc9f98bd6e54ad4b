import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from './emf-metrics';
import type { Context } from 'aws-lambda';
import { METRICS } from '../contract/metric-names';
import type { HealthProbe, ProbeResult } from '../core/ports/health-probe';
import { lazyHandler } from './http/http-api';
import { logger, metrics, publishMetrics } from './powertools';
import { healthProbeDeps } from '../wiring/aws/probe-deps';

export type HealthProbeHandler = (event: unknown, context: Context) => Promise<ProbeResult>;

/**
 * Runs every 5 minutes (EventBridge schedule): calls the deployed GET /health
 * from outside and records HealthProbeSuccess (1/0); its latency is in the log line (a
 * metric of its own, sent every 5 minutes, would be billed as a whole custom metric a month).
 * The HealthProbe alarm fires on a 0 and on missing data (a probe that stopped
 * running is as alarming as a failing one). It never throws: a failed probe is
 * a measurement, not a function error.
 */
export function createHealthProbe(deps: { probe: HealthProbe }): HealthProbeHandler {
  const run = async (): Promise<ProbeResult> => {
    const result = await deps.probe.probe();
    metrics.addMetric(METRICS.healthProbeSuccess, MetricUnit.Count, result.ok ? 1 : 0);
    if (result.ok) logger.info('health probe ok', { latencyMs: result.latencyMs });
    else logger.error('health probe failed', { status: result.status, latencyMs: result.latencyMs, problem: result.problem });
    return result;
  };
  return middy(run)
    .use(injectLambdaContext(logger, { clearState: true, resetKeys: true }))
    .use(publishMetrics()) as unknown as HealthProbeHandler;
}

export const handler = lazyHandler(async () => {
  return createHealthProbe(await healthProbeDeps());
});
