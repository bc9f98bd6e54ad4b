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

const root = resolve(import.meta.dirname, '..');
const { startRuntime } = await import('./runtime/runtime');
const { buildWeb } = await import('./runtime/build-web');

const webDir = await buildWeb(root);
const runtime = await startRuntime({
  port: Number(process.env['PORT'] ?? 3000),
  ...(process.env['MARK0_IN_MEMORY'] === '1' ? {} : { dataDir: resolve(root, process.env['MARK0_DATA_DIR'] ?? '.mark0') }),
  webDir,
});

console.log(`\n  Mark.0 is running: open ${runtime.url}\n  Press Ctrl-C to stop.\n`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n[mark0] ${signal}: stopping (DynamoDB Local too)…`);
  await runtime.stop();
  console.log('[mark0] stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('uncaughtException', (error) => {
  console.error('[mark0] fatal', error);
  void runtime.stop().finally(() => process.exit(1));
});
