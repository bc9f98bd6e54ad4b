import { afterEach, beforeEach, vi } from 'vitest';

/** One CloudWatch Embedded Metric Format line, as Powertools prints it. */
export interface EmfLine {
  _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

/**
 * Captures what the code under test writes to stdout and keeps the EMF lines.
 * Handlers must be imported *after* `enableMetrics()` (Powertools reads
 * POWERTOOLS_METRICS_DISABLED when its instance is created), so tests import
 * them dynamically.
 */
export function captureEmf(): { lines: () => EmfLine[]; restore: () => void; clear: () => void } {
  let written: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  return {
    lines: () =>
      written
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{') && line.includes('"_aws"'))
        .map((line) => JSON.parse(line) as EmfLine),
    clear: () => {
      written = [];
    },
    restore: () => spy.mockRestore(),
  };
}

export function enableMetrics(): void {
  process.env['POWERTOOLS_METRICS_DISABLED'] = 'false';
  vi.resetModules();
}

/** `{ name: unit }` of every metric in the lines, and their values, for compact assertions. */
export function metricsOf(lines: EmfLine[]): Record<string, { unit: string; value: unknown; namespace: string; dimensions: string[][] }> {
  const out: Record<string, { unit: string; value: unknown; namespace: string; dimensions: string[][] }> = {};
  for (const line of lines) {
    for (const directive of line._aws.CloudWatchMetrics) {
      for (const metric of directive.Metrics) {
        out[metric.Name] = { unit: metric.Unit, value: line[metric.Name], namespace: directive.Namespace, dimensions: directive.Dimensions };
      }
    }
  }
  return out;
}

/**
 * For a test file: metrics on and stdout captured around each test (off again
 * after). Returns the current capture; import handlers dynamically inside tests.
 */
export function useEmfCapture(): () => ReturnType<typeof captureEmf> {
  let capture: ReturnType<typeof captureEmf>;
  beforeEach(() => {
    enableMetrics();
    capture = captureEmf();
  });
  afterEach(() => {
    capture.restore();
    process.env['POWERTOOLS_METRICS_DISABLED'] = 'true';
  });
  return () => capture;
}
