/** One answered (or refused) request of a load run. */
export interface Sample {
  op: string;
  status: number;
  ms: number;
  /** A 429 or 503 with Retry-After: an early refusal, counted apart from the answers. */
  refused: boolean;
}

export interface PhaseSummary {
  seconds: number;
  connections: number;
  requests: number;
  /** All responses per second, refusals included. */
  requestsPerSecond: number;
  /** 2xx responses per second. */
  okPerSecond: number;
  /** Latency over answered requests (every response but the early refusals), ms. */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  byStatus: Record<string, number>;
  refusals: { count: number; perSecond: number; byStatus: Record<string, number> };
  /** 5xx that were not early refusals: the target is none. */
  serverErrors: number;
  byOp: Record<string, { requests: number; p50: number; p99: number; ok: number }>;
}

export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const round = (n: number) => Math.round(n * 10) / 10;

export function summarize(samples: readonly Sample[], seconds: number, connections: number): PhaseSummary {
  const answered = samples.filter((s) => !s.refused);
  const sorted = answered.map((s) => s.ms).sort((a, b) => a - b);
  const count = (list: readonly Sample[]) => {
    const byStatus: Record<string, number> = {};
    for (const s of list) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
    return byStatus;
  };
  const refusals = samples.filter((s) => s.refused);
  const byOp: PhaseSummary['byOp'] = {};
  for (const op of new Set(samples.map((s) => s.op))) {
    const mine = answered.filter((s) => s.op === op);
    const times = mine.map((s) => s.ms).sort((a, b) => a - b);
    byOp[op] = { requests: samples.filter((s) => s.op === op).length, p50: round(percentile(times, 0.5)), p99: round(percentile(times, 0.99)), ok: mine.filter((s) => s.status < 300).length };
  }
  return {
    seconds,
    connections,
    requests: samples.length,
    requestsPerSecond: round(samples.length / seconds),
    okPerSecond: round(samples.filter((s) => s.status >= 200 && s.status < 300).length / seconds),
    p50: round(percentile(sorted, 0.5)),
    p95: round(percentile(sorted, 0.95)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted.at(-1) ?? 0),
    byStatus: count(samples),
    refusals: { count: refusals.length, perSecond: round(refusals.length / seconds), byStatus: count(refusals) },
    serverErrors: answered.filter((s) => s.status >= 500).length,
    byOp,
  };
}

export function printPhase(name: string, summary: PhaseSummary): void {
  console.log(
    `\n${name}: ${summary.connections} connections, ${summary.seconds} s — ${summary.requestsPerSecond} req/s (2xx ${summary.okPerSecond}/s), ` +
      `p50 ${summary.p50} ms, p95 ${summary.p95} ms, p99 ${summary.p99} ms, max ${summary.max} ms (answered requests)`,
  );
  console.log(`  answers by status: ${JSON.stringify(summary.byStatus)}`);
  console.log(`  early refusals (429/503 with Retry-After): ${summary.refusals.count} (${summary.refusals.perSecond}/s) ${JSON.stringify(summary.refusals.byStatus)}`);
  console.log(`  5xx other than early refusals: ${summary.serverErrors}`);
  const ops = Object.entries(summary.byOp);
  if (ops.length > 1) {
    for (const [op, s] of ops) console.log(`  ${op.padEnd(32)} ${String(s.requests).padStart(7)} requests, ${String(s.ok).padStart(7)} 2xx, p50 ${s.p50} ms, p99 ${s.p99} ms`);
  }
}
