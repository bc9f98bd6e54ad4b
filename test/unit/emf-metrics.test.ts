import { afterEach, describe, expect, it } from 'vitest';
import { EmfMetrics, MetricUnit } from '@lambdas/handlers/emf-metrics';

/** The EMF writer itself; what the handlers print through it is in metrics-emf.test.ts. */
const previous = process.env['POWERTOOLS_METRICS_DISABLED'];
afterEach(() => {
  if (previous === undefined) delete process.env['POWERTOOLS_METRICS_DISABLED'];
  else process.env['POWERTOOLS_METRICS_DISABLED'] = previous;
});

function emitter() {
  const lines: string[] = [];
  return { lines, metrics: new EmfMetrics({ namespace: 'Mark0', serviceName: 'mark0', write: (line) => lines.push(line) }) };
}

describe('EmfMetrics', () => {
  it('prints one line per invocation: every metric with its unit, the same name twice as both values, under the service dimension', () => {
    process.env['POWERTOOLS_METRICS_DISABLED'] = 'false';
    const { lines, metrics } = emitter();
    metrics.addMetric('PostsPublished', MetricUnit.Count, 1);
    metrics.addMetric('PublishDelay', MetricUnit.Seconds, 4);
    metrics.addMetric('PostsPublished', MetricUnit.Count, 1);
    metrics.publishStoredMetrics();

    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    const line = JSON.parse(lines[0]!);
    expect(line).toEqual({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [{ Namespace: 'Mark0', Dimensions: [['service']], Metrics: [{ Name: 'PostsPublished', Unit: 'Count' }, { Name: 'PublishDelay', Unit: 'Seconds' }] }],
      },
      service: 'mark0',
      PostsPublished: [1, 1],
      PublishDelay: 4,
    });
    expect(metrics.hasStoredMetrics()).toBe(false);
    metrics.publishStoredMetrics();
    expect(lines).toHaveLength(1);
  });

  it('prints nothing when switched off (POWERTOOLS_METRICS_DISABLED), and forgets what was added', () => {
    process.env['POWERTOOLS_METRICS_DISABLED'] = 'true';
    const { lines, metrics } = emitter();
    metrics.addMetric('QuotaHits', MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
    expect(lines).toEqual([]);
    expect(metrics.hasStoredMetrics()).toBe(false);
  });
});
