import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Builds the web app (Vite) so the runtime serves what CloudFront would serve.
 * `npm start` builds into web/dist; tests pass their own `outDir` so a test run
 * never rewrites the files a running `npm start` (or another test) is serving.
 * Returns the folder to serve.
 */
export async function buildWeb(root: string, outDir = resolve(root, 'web', 'dist')): Promise<string> {
  const webRoot = resolve(root, 'web');
  if (!existsSync(resolve(webRoot, 'index.html'))) return outDir;
  const { build } = await import('vite');
  console.log('[mark0] building the web app…');
  await build({
    root: webRoot,
    logLevel: 'warn',
    configFile: resolve(webRoot, 'vite.config.ts'),
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}
