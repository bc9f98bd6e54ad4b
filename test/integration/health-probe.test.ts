import { createServer, type Server } from 'node:http';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpHealthProbe } from '@lambdas/adapters/http/http-health-probe';
import { METRIC_NAMESPACE, METRICS } from '@contract/metric-names';

import { metricsOf, useEmfCapture } from '../support/emf';
import { startTestApp, type TestApp } from './support/test-runtime';
import { systemClock } from '@lambdas/adapters/system-clock';

/** A stand-in for the deployed API whose /health answers whatever the test says. */
let answer: 'ok' | 'unavailable' | 'hang' = 'ok';
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (answer === 'hang') return; // never answers
    if (answer === 'ok') res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
    else res.writeHead(503, { 'Retry-After': '30' }).end('{"error":{"code":"SERVICE_UNAVAILABLE","message":"Not healthy: database did not answer within 1000 ms."}}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/health`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

const context = { functionName: 'health-probe', awsRequestId: 'r', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const capture = useEmfCapture();

async function runProbe(target: string, timeoutMs = 500) {
  const { createHealthProbe } = await import('@lambdas/handlers/health-probe');
  const result = await createHealthProbe({ probe: new HttpHealthProbe(target, timeoutMs, systemClock) })({}, context);
  return { result, metrics: metricsOf(capture().lines()) };
}

describe('the scheduled health probe', () => {
  it('records HealthProbeSuccess 1 when /health answers 200 (the latency goes to the log line only)', async () => {
    answer = 'ok';
    const { result, metrics } = await runProbe(url);
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(metrics).toEqual({
      [METRICS.healthProbeSuccess]: { unit: 'Count', value: 1, namespace: METRIC_NAMESPACE, dimensions: [['service']] },
    });
  });

  it('records 0 when /health answers 503, with the answer in the result for the log', async () => {
    answer = 'unavailable';
    const { result, metrics } = await runProbe(url);
    expect(result).toMatchObject({ ok: false, status: 503, problem: expect.stringContaining('database did not answer') });
    expect(metrics[METRICS.healthProbeSuccess]?.value).toBe(0);
  });

  it('records 0 when /health does not answer within the deadline, or nothing listens', async () => {
    answer = 'hang';
    const hung = await runProbe(url, 300);
    expect(hung.result).toMatchObject({ ok: false, status: null, problem: 'no answer within 300 ms' });
    expect(hung.metrics[METRICS.healthProbeSuccess]?.value).toBe(0);
    capture().clear();
    const refused = await runProbe('http://127.0.0.1:1/health');
    expect(refused.result).toMatchObject({ ok: false, status: null, problem: expect.stringMatching(/^unreachable/) });
  });

  describe('against the real handlers (local runtime)', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp();
    });
    afterAll(() => app?.stop());

    it('finds the API and its table healthy', async () => {
      const { result } = await runProbe(`${app.url}/health`, 5_000);
      expect(result).toMatchObject({ ok: true, status: 200 });
    });
  });
});
