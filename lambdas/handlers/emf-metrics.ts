/**
 * CloudWatch metrics as Embedded Metric Format lines on stdout: CloudWatch Logs
 * turns each line into metric data points, with no API call and no agent.
 *
 * Why not Powertools Metrics, when the logger is Powertools': its module is
 * 10.5 KB of every minified bundle (and an API function emits one metric, on a
 * refused request), while what Mark.0 uses of it is this: named counts and
 * durations under one namespace, with the one `service` dimension the alarms
 * read (lib/monitoring/metrics.ts), printed once per invocation. The line is the
 * one Powertools prints (test/unit/metrics-emf.test.ts checks it), so switching
 * back is a one-file change.
 */

/** The units Mark.0's metrics use (EMF's names). */
export const MetricUnit = { Count: 'Count', Seconds: 'Seconds', Milliseconds: 'Milliseconds' } as const;
export type MetricUnit = (typeof MetricUnit)[keyof typeof MetricUnit];

export interface EmfMetricsOptions {
  namespace: string;
  serviceName: string;
  /** Where the line goes; stdout, where Lambda's log agent reads it. */
  write?: (line: string) => void;
}

export class EmfMetrics {
  private readonly stored = new Map<string, { unit: MetricUnit; values: number[] }>();
  private readonly write: (line: string) => void;

  constructor(private readonly options: EmfMetricsOptions) {
    this.write = options.write ?? ((line) => void process.stdout.write(line));
  }

  /** Adds a data point; the same name twice in one invocation sends both values. */
  addMetric(name: string, unit: MetricUnit, value: number): void {
    const metric = this.stored.get(name);
    if (metric) metric.values.push(value);
    else this.stored.set(name, { unit, values: [value] });
  }

  hasStoredMetrics(): boolean {
    return this.stored.size > 0;
  }

  /**
   * Prints the stored metrics as one EMF line and forgets them. Off (nothing printed) when
   * POWERTOOLS_METRICS_DISABLED is `true`, as Powertools' own switch, which the tests and the
   * local runtime set.
   */
  publishStoredMetrics(): void {
    if (this.stored.size === 0) return;
    const metrics = [...this.stored];
    this.stored.clear();
    if (process.env['POWERTOOLS_METRICS_DISABLED'] === 'true') return;
    const line: Record<string, unknown> = {
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [{ Namespace: this.options.namespace, Dimensions: [['service']], Metrics: metrics.map(([name, { unit }]) => ({ Name: name, Unit: unit })) }],
      },
      service: this.options.serviceName,
    };
    for (const [name, { values }] of metrics) line[name] = values.length === 1 ? values[0] : values;
    this.write(`${JSON.stringify(line)}\n`);
  }
}
