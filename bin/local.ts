/**
 * `npm start`: the whole Mark.0 platform on this machine — web app, API,
 * authorizer and handlers, on DynamoDB Local with data kept in .mark0/.
 *
 *   PORT=3000            where to serve (default 3000)
 *   MARK0_DATA_DIR=.mark0 where data lives; MARK0_IN_MEMORY=1 keeps nothing
 *   MARK0_LIMITS=off     lifts tier throttles, daily quotas and per-IP limits (load tests only)
 */
import './local-env';
import { resolve } from 'node:path';
import type { Runtime } from './runtime/runtime';

/** Service managers signal the main process only and wait a few seconds: everything stops within that. */
const STOP_DEADLINE_MS = 4_000;
/** The runtime once started; `stopping` once a signal came (perhaps before it started). */
const state: { runtime?: Runtime; stopping: boolean } = { stopping: false };

// Registered before anything starts, so a signal during start-up stops everything too
// (DynamoDB Local also exits on its own when this process ends: it watches its stdin).
async function shutdown(signal: string, code = 0): Promise<void> {
  if (state.stopping) return;
  state.stopping = true;
  console.log(`\n[mark0] ${signal}: stopping (DynamoDB Local too)…`);
  setTimeout(() => process.exit(code), STOP_DEADLINE_MS).unref();
  await state.runtime?.stop();
  console.log('[mark0] stopped.');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGHUP', () => void shutdown('SIGHUP'));
process.on('uncaughtException', (error) => {
  console.error('[mark0] fatal', error);
  void shutdown('fatal error', 1);
});

const root = resolve(import.meta.dirname, '..');
const { startRuntime } = await import('./runtime/runtime');
const { buildWeb, isWebBuildCurrent } = await import('./runtime/build-web');

// A restart with unchanged sources serves the build it has (as `cdk synth` does).
const webDir = isWebBuildCurrent(root) ? resolve(root, 'web', 'dist') : await buildWeb(root);
const runtime = (state.runtime = await startRuntime({
  port: Number(process.env['PORT'] ?? 3000),
  ...(process.env['MARK0_IN_MEMORY'] === '1' ? {} : { dataDir: resolve(root, process.env['MARK0_DATA_DIR'] ?? '.mark0') }),
  webDir,
  dynamoNiceness: 10,
}));
if (state.stopping) await runtime.stop();
else console.log(`\n  Mark.0 is running: open ${runtime.url}\n  Press Ctrl-C to stop.\n`);
