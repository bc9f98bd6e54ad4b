import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { httpApi, TIMEOUT_MARGIN_MS } from '@lambdas/handlers/http/http-api';
import { apiEvent } from '../support/lambda-events';

/** A context whose function has `remainingMs` left, as Lambda's would. */
function contextWith(remainingMs: number): Context {
  const started = Date.now();
  return { functionName: 'mark0-test', awsRequestId: 'r', getRemainingTimeInMillis: () => remainingMs - (Date.now() - started) } as unknown as Context;
}

describe('a function that runs out of time', () => {
  it('answers 503 SERVICE_UNAVAILABLE with Retry-After a moment before its timeout, never a 500', async () => {
    const api = httpApi({ 'GET /health': () => new Promise(() => undefined) });
    const res = await api(apiEvent({ method: 'GET', resource: '/health' }), contextWith(TIMEOUT_MARGIN_MS + 20));
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['Retry-After']).toBe('1');
    expect(JSON.parse(res.body).error.code).toBe('SERVICE_UNAVAILABLE');
  });
});
