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
