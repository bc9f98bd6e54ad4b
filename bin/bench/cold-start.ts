/**
 * `npm run bench:cold-start` (and part of `npm run bench`): what each Lambda
 * bundle costs before its first request. Synthesizes the app (offline, the real
 * bundles), then, in the same run, times a bare `node -e 0` and, for every
 * function, a fresh Node process that imports its bundle: the import itself
 * (inside the process) and the whole process, both as medians of RUNS. Also
 * with `--enable-source-maps`, which the functions set for readable traces.
 *
 * Module load is the part of a Lambda cold start our code controls (the
 * runtime's own start and the first TLS connections come on top in AWS).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BundleFigures {
  function: string;
  kib: number;
  /** Median ms of `await import(bundle)` inside a fresh process. */
  importMs: number;
  /** Median ms of the whole process (start, import, exit), to set against bare `node -e 0`. */
  processMs: number;
  importWithSourceMapsMs: number;
}

export interface ColdStartResults {
  runs: number;
  nodeVersion: string;
  /** Median ms of a bare `node -e 0`, the floor of every process below. */
  bareNodeMs: number;
  bundles: BundleFigures[];
  largestKib: number;
  /** The API functions' (and every other) bundle under 300 KiB. */
  allUnder300KiB: boolean;
}

const root = resolve(import.meta.dirname, '../..');
const out = join(root, 'cdk.out');
const env = { ...process.env, AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT' };

export async function runColdStartBench(options: { runs: number }): Promise<ColdStartResults> {
  console.log('synthesizing (offline) to get the real bundles…');
  // The region the machine's AWS settings give, not the local runtime's stand-in (`local`, which no stack may use).
  const { AWS_REGION: _region, AWS_DEFAULT_REGION: _default, ...synthEnv } = process.env;
  execFileSync('npx', ['cdk', 'synth', '--quiet', '--output', out], { cwd: root, env: synthEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  const bundles = findBundles();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const wall = (args: string[]) => {
    const times: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const started = performance.now();
      const run = spawnSync(process.execPath, args, { encoding: 'utf8', env });
      if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr}`);
      times.push(performance.now() - started);
    }
    return median(times);
  };
  const importMs = (file: string, flags: string[]) => {
    const times: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
      const run = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script], { encoding: 'utf8', env });
      if (run.status !== 0) throw new Error(`import of ${file} failed: ${run.stderr}`);
      times.push(Number(run.stdout.trim()));
    }
    return median(times);
  };

  const bareNodeMs = wall(['-e', '0']);
  const figures: BundleFigures[] = [];
  for (const bundle of bundles) {
    figures.push({
      function: bundle.name,
      kib: Math.round((statSync(bundle.file).size / 1024) * 10) / 10,
      importMs: Math.round(importMs(bundle.file, []) * 10) / 10,
      processMs: Math.round(wall(['--input-type=module', '-e', `await import(${JSON.stringify(bundle.file)})`]) * 10) / 10,
      importWithSourceMapsMs: Math.round(importMs(bundle.file, ['--enable-source-maps']) * 10) / 10,
    });
  }
  console.log(`\nbare \`node -e 0\`: ${bareNodeMs.toFixed(1)} ms (median of ${options.runs})`);
  console.log(`${'function'.padEnd(44)}${'KiB'.padStart(8)}${'import ms'.padStart(11)}${'process ms'.padStart(12)}${'over bare'.padStart(11)}${'+maps ms'.padStart(10)}`);
  for (const f of figures) {
    console.log(
      `${f.function.slice(0, 43).padEnd(44)}${f.kib.toFixed(1).padStart(8)}${f.importMs.toFixed(1).padStart(11)}${f.processMs.toFixed(1).padStart(12)}${(f.processMs - bareNodeMs).toFixed(1).padStart(11)}${f.importWithSourceMapsMs.toFixed(1).padStart(10)}`,
    );
  }
  const largestKib = Math.max(...figures.map((f) => f.kib));
  console.log(`\nlargest bundle ${largestKib} KiB (budget 300 KiB); medians of ${options.runs} fresh processes, Node ${process.version} on this machine (Lambda runs Node 22 on ARM64)`);
  return { runs: options.runs, nodeVersion: process.version, bareNodeMs: Math.round(bareNodeMs * 10) / 10, bundles: figures, largestKib, allUnder300KiB: largestKib <= 300 };
}

/** Every function esbuild bundled, by stack and logical id (CDK's own helper functions are not ours to measure). */
function findBundles(): { name: string; file: string }[] {
  const bundles: { name: string; file: string }[] = [];
  for (const file of readdirSync(out).filter((f) => f.endsWith('.template.json'))) {
    const template = JSON.parse(readFileSync(join(out, file), 'utf8')) as { Resources: Record<string, { Type: string; Metadata?: Record<string, string | boolean> }> };
    for (const [id, resource] of Object.entries(template.Resources)) {
      const asset = resource.Metadata?.['aws:asset:path'];
      if (resource.Type !== 'AWS::Lambda::Function' || !asset || !resource.Metadata?.['aws:asset:is-bundled']) continue;
      const dir = join(out, String(asset));
      const entry = readdirSync(dir).find((f) => f === 'index.mjs' || f === 'index.js');
      if (entry) bundles.push({ name: `${file.replace('.template.json', '').replace(/^Mark0-dev-/, '')}/${id.replace(/[0-9A-F]{8}$/, '')}`, file: join(dir, entry) });
    }
  }
  return bundles.sort((a, b) => a.name.localeCompare(b.name));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runColdStartBench({ runs: Number(process.env['RUNS'] ?? 7) });
}
