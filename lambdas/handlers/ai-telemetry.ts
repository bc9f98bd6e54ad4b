import { MetricUnit } from './emf-metrics';
import { BUSINESS_EVENTS, METRICS } from '../contract/metric-names';
import type { AiTelemetry } from '../core/ports/ai-telemetry';
import { logger, metrics } from './powertools';

/**
 * AI drafting's metrics and log lines through Powertools. Failures are counted
 * as one metric, their reason in the log line (a `reason` dimension would make
 * each reason a metric billed and alarmed apart, for a breakdown Logs Insights
 * gives from the lines for free); operator
 * problems (no key, no credit, wrong model) and a breaker opening are logged as
 * errors, for the alarms and the runbook. Never logged: the key, prompts, drafts.
 */
export const powertoolsAiTelemetry: AiTelemetry = {
  generated(record) {
    // Generations and tokens are summed on the dashboard from this line (Logs Insights), not sent as metrics billed by the month.
    logger.info(BUSINESS_EVENTS.aiGeneration, { ...record });
  },
  failed(record) {
    metrics.addMetric(METRICS.aiFailures, MetricUnit.Count, 1);
    if (record.operatorAction) logger.error('ai provider needs the operator', { ...record });
    else logger.warn('ai generation failed', { ...record });
  },
  breakerOpened(info) {
    metrics.addMetric(METRICS.aiBreakerOpen, MetricUnit.Count, 1);
    logger.error('ai circuit breaker opened: failing fast until the cool-down ends', info);
  },
  quotaExceeded(info) {
    metrics.addMetric(METRICS.quotaHits, MetricUnit.Count, 1);
    logger.info('ai quota exceeded', { ...info, quota: 'aiGenerations' });
  },
  refundFailed(error) {
    logger.error('could not give an AI generation back after a provider failure', error as Error);
  },
};
