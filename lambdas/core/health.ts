import { ServiceUnavailableError } from './errors';
import type { Clock } from './ports/clock';
import type { DependencyCheck } from './ports/dependency-check';

/**
 * How long GET /health waits for each dependency. DynamoDB answers a GetItem in
 * single-digit milliseconds (tens on a new connection), so a second means it is
 * in trouble: the probe and any load balancer get a 503 in about a second
 * rather than a request hanging until the function's own timeout.
 */
export const HEALTH_CHECK_TIMEOUT_MS = 1_000;
/** What a 503 from GET /health asks callers to wait before trying again. */
export const HEALTH_RETRY_AFTER_SECONDS = 30;

export interface HealthDeps {
  checks: readonly DependencyCheck[];
  clock: Clock;
  timeoutMs?: number;
}

export interface HealthReport {
  status: 'ok';
  checks: Record<string, { status: 'ok'; latencyMs: number }>;
}

/**
 * Runs every dependency check at once, each bounded by the timeout. All answer:
 * the report. Any fails or is too slow: a 503 naming which, so the operator
 * reading the probe's log knows where to look (never the underlying error text,
 * which is for the function's log, not a public endpoint).
 */
export async function checkHealth(deps: HealthDeps): Promise<HealthReport> {
  const timeoutMs = deps.timeoutMs ?? HEALTH_CHECK_TIMEOUT_MS;
  const results = await Promise.all(deps.checks.map((dependency) => runCheck(dependency, deps.clock, timeoutMs)));
  const failed = results.filter((r) => r.problem !== undefined);
  if (failed.length > 0) {
    throw new ServiceUnavailableError(
      `Not healthy: ${failed.map((f) => `${f.name} ${f.problem}`).join('; ')}.`,
      'SERVICE_UNAVAILABLE',
      HEALTH_RETRY_AFTER_SECONDS,
      failed.map((f) => ({ field: f.name, message: f.problem! })),
    );
  }
  return { status: 'ok', checks: Object.fromEntries(results.map((r) => [r.name, { status: 'ok' as const, latencyMs: r.latencyMs }])) };
}

interface CheckResult {
  name: string;
  latencyMs: number;
  problem?: string;
}

async function runCheck(dependency: DependencyCheck, clock: Clock, timeoutMs: number): Promise<CheckResult> {
  const started = clock.now().getTime();
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve('timeout');
    }, timeoutMs);
  });
  try {
    // The race, not only the signal: a check that ignores its signal still cannot hold the answer back.
    const outcome = await Promise.race([dependency.check(controller.signal).then(() => 'ok' as const), timedOut]);
    const latencyMs = clock.now().getTime() - started;
    return outcome === 'ok' ? { name: dependency.name, latencyMs } : { name: dependency.name, latencyMs, problem: `did not answer within ${timeoutMs} ms` };
  } catch {
    return { name: dependency.name, latencyMs: clock.now().getTime() - started, problem: 'is unreachable or refused the request' };
  } finally {
    clearTimeout(timer);
  }
}
