import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '../../../bin/runtime/dynamodb-local';

/** `npm start` as a person (or a service manager) runs it: its own process group, its data in `dataDir`. */
export interface NpmStart {
  child: ChildProcessWithoutNullStreams;
  port: number;
  url: string;
  /** Everything it printed so far. */
  output(): string;
  /** DynamoDB Local's process (its pid file in the data dir). */
  javaPid: number;
}

/** Starts `npm start` detached (a process group of its own) and waits until it says it runs. */
export async function startNpm(dataDir: string, options: { port?: number; env?: Record<string, string> } = {}): Promise<NpmStart> {
  const port = options.port ?? (await freePort());
  const child = spawn('npm', ['start'], {
    cwd: resolve(import.meta.dirname, '../../..'),
    env: { ...process.env, ...options.env, PORT: String(port), MARK0_DATA_DIR: dataDir },
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 120_000;
  while (!output.includes('Mark.0 is running')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      if (child.exitCode === null) killGroup(child.pid!);
      throw new Error(`did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const javaPid = Number(readFileSync(join(dataDir, 'dynamodb', 'dynamodb-local.pid'), 'utf8'));
  return { child, port, url: `http://127.0.0.1:${port}`, output: () => output, javaPid };
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGKILL to every process of the group (npm, node, DynamoDB Local): a crash, nothing gets to clean up. */
export function killGroup(pgid: number): void {
  if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
}

/** Waits until no process of the group is left; returns how long that took. */
export async function groupGone(pgid: number, withinMs: number): Promise<number> {
  const started = Date.now();
  while (groupAlive(pgid)) {
    if (Date.now() - started > withinMs) throw new Error(`process group ${pgid} still running after ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}
