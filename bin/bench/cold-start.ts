/**
 * `npm run bench:cold-start`: what each Lambda bundle costs before its first
 * request. Synthesizes the app (offline, the real bundles), then for every
 * function loads its bundle in a fresh Node process, `RUNS` times, and prints
 * the bundle size and the median time to import it — with and without
 * `--enable-source-maps`, which the functions set for readable stack traces.
 *
 * Module load is the part of a Lambda cold start our code controls (the
 * runtime's own start and the first TLS connections come on top in AWS).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const RUNS = Number(process.env['RUNS'] ?? 7);
const root = resolve(import.meta.dirname, '../..');
const out = join(root, 'cdk.out');

console.log('synthesizing (offline) to get the real bundles…');
execFileSync('npx', ['cdk', 'synth', '--quiet', '--output', out], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

interface Bundle {
  name: string;
  file: string;
}
const bundles: Bundle[] = [];
for (const file of readdirSync(out).filter((f) => f.endsWith('.template.json'))) {
  const template = JSON.parse(readFileSync(join(out, file), 'utf8')) as { Resources: Record<string, { Type: string; Metadata?: Record<string, string> }> };
  for (const [id, resource] of Object.entries(template.Resources)) {
    const asset = resource.Metadata?.['aws:asset:path'];
    if (resource.Type !== 'AWS::Lambda::Function' || !asset) continue;
    const dir = join(out, asset);
    const entry = readdirSync(dir).find((f) => f === 'index.mjs' || f === 'index.js');
    if (entry) bundles.push({ name: `${file.replace('.template.json', '')}/${id}`, file: join(dir, entry) });
  }
}

function medianImportMs(file: string, flags: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
    const run = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    if (run.status !== 0) throw new Error(`import of ${file} failed: ${run.stderr}`);
    times.push(Number(run.stdout.trim()));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

console.log(`\n${'function'.padEnd(56)}${'bundle KiB'.padStart(12)}${'import ms'.padStart(12)}${'+maps ms'.padStart(12)}`);
for (const bundle of bundles.sort((a, b) => a.name.localeCompare(b.name))) {
  const kib = (statSync(bundle.file).size / 1024).toFixed(0);
  const plain = medianImportMs(bundle.file, []);
  const maps = medianImportMs(bundle.file, ['--enable-source-maps']);
  console.log(`${bundle.name.slice(0, 55).padEnd(56)}${kib.padStart(12)}${plain.toFixed(1).padStart(12)}${maps.toFixed(1).padStart(12)}`);
}
console.log(`\nmedian of ${RUNS} fresh processes each, Node ${process.version} on this machine (Lambda runs Node 22 on ARM64)`);
