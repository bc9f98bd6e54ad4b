import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMESPACE, METRIC_SERVICE } from '../contract/metric-names';

/**
 * The logger and metrics instances every handler shares (one per process).
 * Service name and namespace come from POWERTOOLS_SERVICE_NAME and
 * POWERTOOLS_METRICS_NAMESPACE, which the function construct sets in AWS and
 * the local runtime sets on the machine.
 *
 * Never log a token, a secret or a whole request: log ids and reasons.
 */
export const logger = new Logger({ serviceName: METRIC_SERVICE });
export const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: METRIC_SERVICE });

/**
 * Prints the metrics an invocation added, as one EMF line, when it added any. Powertools' own
 * `publishStoredMetrics` (and its `logMetrics` middleware) also warns on every invocation that
 * added none: most API requests add none (API Gateway's own metrics count requests, errors and
 * latency for free), and a warning per request would be log lines paid for and read by no one.
 */
export function publishStoredMetricsIfAny(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

/** publishStoredMetricsIfAny as middy middleware: after the handler, and after an error. */
export function publishMetrics(): { after: () => Promise<void>; onError: () => Promise<void> } {
  const publish = async () => publishStoredMetricsIfAny();
  return { after: publish, onError: publish };
}
