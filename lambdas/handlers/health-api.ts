import { checkHealth, type HealthDeps } from '../core/health';
import { httpApi, lazyHandler, type ProxyHandler } from './http/http-api';
import { healthDeps } from '../wiring/aws/aws-deps';

/**
 * Public health check: 200 with each dependency's latency when all answer in
 * time, else 503 (with Retry-After) naming the one that did not. No user data,
 * no auth: probes and the operator call it.
 */
export function createHealthApi(deps: HealthDeps): ProxyHandler {
  return httpApi({
    'GET /health': async () => ({ status: 200, body: await checkHealth(deps) }),
  });
}

export const handler = lazyHandler(async () => {
  return createHealthApi(await healthDeps());
});
