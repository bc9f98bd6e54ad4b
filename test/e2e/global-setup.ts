import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildWeb } from '../../bin/runtime/build-web';
import { CHROMIUM_PATH } from './support/chromium';
import { resetScreenshots } from './support/screenshots';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built web app (a temporary folder), or '' when the browser tests are skipped. */
    e2eWebDir: string;
  }
}

/**
 * Builds the web app once for every browser test, the way `npm start` does.
 * Without Debian's Chromium there is nothing to drive: say so plainly and let
 * the tests skip (CI installs it; see .ci/run).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  if (!existsSync(CHROMIUM_PATH)) {
    console.log(`e2e: skipped — ${CHROMIUM_PATH} not found; apt-get install -y chromium`);
    project.provide('e2eWebDir', '');
    return () => undefined;
  }
  resetScreenshots();
  // A build of its own, so the tests never race `npm start` (or the npm start test) over web/dist.
  const outDir = mkdtempSync(join(tmpdir(), 'mark0-e2e-web-'));
  const webDir = await buildWeb(resolve(import.meta.dirname, '../..'), outDir);
  if (!existsSync(resolve(webDir, 'index.html'))) throw new Error(`e2e: the web build produced no ${webDir}/index.html`);
  project.provide('e2eWebDir', webDir);
  return () => rmSync(outDir, { recursive: true, force: true });
}
