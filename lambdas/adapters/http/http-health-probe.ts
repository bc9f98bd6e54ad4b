import type { Clock } from '../../core/ports/clock';
import type { HealthProbe, ProbeResult } from '../../core/ports/health-probe';

/**
 * GET <url> over the public internet with a deadline. Healthy means 200 within
 * the deadline; anything else (503 from /health, 5xx from API Gateway, no
 * answer) is a failed probe. The body is read (and ignored) so the connection
 * is released.
 */
export class HttpHealthProbe implements HealthProbe {
  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
    private readonly clock: Clock,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async probe(): Promise<ProbeResult> {
    const started = this.clock.now().getTime();
    const elapsed = () => this.clock.now().getTime() - started;
    try {
      const res = await this.fetchImpl(this.url, { signal: AbortSignal.timeout(this.timeoutMs), headers: { 'User-Agent': 'mark0-health-probe' } });
      const body = await res.text();
      if (res.status === 200) return { ok: true, status: 200, latencyMs: elapsed() };
      return { ok: false, status: res.status, latencyMs: elapsed(), problem: `answered ${res.status}: ${body.slice(0, 300)}` };
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return {
        ok: false,
        status: null,
        latencyMs: elapsed(),
        problem: timedOut ? `no answer within ${this.timeoutMs} ms` : `unreachable: ${error instanceof Error ? (error.cause as Error | undefined)?.message ?? error.message : String(error)}`,
      };
    }
  }
}
