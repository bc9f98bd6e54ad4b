import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Builds the web app (Vite) so the runtime serves what CloudFront would serve.
 * `npm start` builds into web/dist; tests pass their own `outDir` so a test run
 * never rewrites the files a running `npm start` (or another test) is serving.
 * Returns the folder to serve.
 */
export async function buildWeb(root: string, outDir = resolve(root, 'web', 'dist'), log: (line: string) => void = console.log): Promise<string> {
  const webRoot = resolve(root, 'web');
  if (!existsSync(resolve(webRoot, 'index.html'))) return outDir;
  const { build } = await import('vite');
  log('[mark0] building the web app…');
  // Always a production build: Vite takes it from NODE_ENV, which vitest sets to "test" — that would
  // bundle React's development build (StrictMode running every effect twice, a JSX dev runtime).
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
      root: webRoot,
      logLevel: 'warn',
      configFile: resolve(webRoot, 'vite.config.ts'),
      mode: 'production',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  }
  return outDir;
}

/** What a web build is made of: a change in any of these makes web/dist stale. */
const WEB_INPUTS = ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'web/tsconfig.json', 'lambdas/contract', 'package-lock.json'];

/**
 * True when `outDir` holds a build newer than every file it is made from.
 * `cdk synth` uses it to reuse web/dist instead of rebuilding on every synth.
 */
export function isWebBuildCurrent(root: string, outDir = resolve(root, 'web', 'dist')): boolean {
  const built = resolve(outDir, 'index.html');
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  return WEB_INPUTS.every((input) => newestMtime(resolve(root, input)) <= builtAt);
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestMtime(join(path, entry))), stat.mtimeMs);
}
