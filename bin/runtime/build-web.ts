import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Builds the web app (Vite) into web/dist so the runtime serves what CloudFront
 * would serve. Returns the folder to serve.
 */
export async function buildWeb(root: string): Promise<string> {
  const webRoot = resolve(root, 'web');
  const outDir = resolve(webRoot, 'dist');
  if (!existsSync(resolve(webRoot, 'index.html'))) return outDir;
  const { build } = await import('vite');
  console.log('[mark0] building the web app…');
  await build({ root: webRoot, logLevel: 'warn', configFile: resolve(webRoot, 'vite.config.ts') });
  return outDir;
}
