import { httpApi, type ProxyHandler } from './http/http-api';

/** Public liveness check: answers without touching any dependency. */
export function createHealthApi(): ProxyHandler {
  return httpApi({
    'GET /health': async () => ({ status: 200, body: { status: 'ok' } }),
  });
}

export const handler = createHealthApi();
