/**
 * `npm run bench`: issue 15's benchmarks in one run, in this order —
 *   3. the load benchmark (bin/bench/api-load.ts): 1,000 signed-in connections, the
 *      mix + schedule, and the floor (/health, bare GetItem) at the same concurrency;
 *   4. the publishing burst (bin/bench/publish-burst.ts): 1,000 posts of 100 users due at once;
 *   5. bundle sizes and module load next to bare `node -e 0` (bin/bench/cold-start.ts);
 * then writes everything, with the machine it ran on and its load, to bench-results.json.
 *
 *   BENCH_SECONDS=60 npm run bench    (default; BENCH_SECONDS=10 for a quick run: every part shortens)
 *
 * Absolute figures depend on the machine and on what else it runs (the load
 * average is recorded before and after each part); the ratios against the
 * floor, measured in the same run, are what to compare across runs.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import '../local-env';
import { runApiLoadBench } from './api-load';
import { runColdStartBench } from './cold-start';
import { runPublishBurst } from './publish-burst';

const seconds = Number(process.env['BENCH_SECONDS'] ?? 60);
if (!Number.isFinite(seconds) || seconds <= 0) throw new Error('BENCH_SECONDS must be a positive number of seconds');
// The server's log and metric lines are not what is measured (bench:cost prices them); warnings and errors stay.
process.env['POWERTOOLS_LOG_LEVEL'] ??= 'WARN';
process.env['POWERTOOLS_METRICS_DISABLED'] ??= 'true';

const load = () => loadavg().map((n) => Math.round(n * 100) / 100);
const started = Date.now();
const part = async <T>(name: string, run: () => Promise<T>) => {
  const before = load();
  const t = Date.now();
  console.log(`\n===== ${name} (load average ${before.join(', ')}) =====`);
  const result = await run();
  return { ...result, seconds: Math.round((Date.now() - t) / 1000), loadAverageBefore: before, loadAverageAfter: load() };
};

const apiLoad = await part('3. load benchmark', () => runApiLoadBench({ seconds, connections: Number(process.env['CONNECTIONS'] ?? 1000), postsPerUser: 2 }));
const burst = await part('4. publishing burst', () => runPublishBurst({ seconds }));
const coldStart = await part('5. bundles and module load', () => runColdStartBench({ runs: seconds >= 60 ? 7 : 3 }));

const results = {
  ranAt: new Date(started).toISOString(),
  command: `BENCH_SECONDS=${seconds} npm run bench`,
  totalSeconds: Math.round((Date.now() - started) / 1000),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    java: javaVersion(),
    note: 'shared with other work: the load average before and after each part says how much',
  },
  load: apiLoad,
  burst,
  coldStart,
};
const file = resolve(import.meta.dirname, '../../bench-results.json');
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${file} (${results.totalSeconds} s in all)`);
console.log(
  `summary: mix ${apiLoad.mix.okPerSecond} 2xx/s vs /health ${apiLoad.floor.health.okPerSecond}/s (${apiLoad.ratios.mixThroughputOverHealth}×), ` +
    `API p99 ${apiLoad.mix.p99} ms vs floor ${apiLoad.floor.health.p99} ms (${apiLoad.ratios.apiP99OverHealthP99}×), 5xx other than refusals ${apiLoad.mix.serverErrors}; ` +
    `burst: last out ${burst.lastOutAfterSeconds} s after due, late ${burst.late}, duplicates ${burst.duplicates}, lost ${burst.lost}; ` +
    `largest bundle ${coldStart.largestKib} KiB`,
);
process.exit(0);

/** `java -version` writes to stderr. */
function javaVersion(): string {
  const run = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return (run.stderr || run.stdout || 'unknown').split('\n')[0]!.trim();
}
