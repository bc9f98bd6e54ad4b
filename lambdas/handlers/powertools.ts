import { Logger } from '@aws-lambda-powertools/logger';
import { METRIC_NAMESPACE, METRIC_SERVICE } from '../contract/metric-names';
import { EmfMetrics } from './emf-metrics';

/**
 * The logger (Powertools') and the metrics (EMF lines, emf-metrics.ts) every
 * handler shares, one of each per process, under the service name and namespace
 * of contract/metric-names.ts, which the alarms read too.
 *
 * Never log a token, a secret or a whole request: log ids and reasons.
 */
export const logger = new Logger({ serviceName: METRIC_SERVICE });
export const metrics = new EmfMetrics({ namespace: METRIC_NAMESPACE, serviceName: METRIC_SERVICE });

/**
 * Prints the metrics an invocation added, as one EMF line, after the handler and after an error:
 * most API requests add none (API Gateway's own metrics count requests, errors and latency for
 * free), and then nothing is printed, not even a warning (as Powertools' `logMetrics` would on each).
 */
export function publishMetrics(): { after: () => Promise<void>; onError: () => Promise<void> } {
  const publish = async () => metrics.publishStoredMetrics();
  return { after: publish, onError: publish };
}
