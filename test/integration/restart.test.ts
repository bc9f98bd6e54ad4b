import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bin/runtime/dynamodb-local';
import { startRuntime } from '../../bin/runtime/runtime';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mark0-restart-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function signIn(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/local/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email }) });
  return ((await res.json()) as { token: string }).token;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('data on disk', () => {
  it('keeps posts, accounts and sign-in keys across a restart', async () => {
    const dataDir = tempDir();
    const first = await startRuntime({ port: 0, dataDir, log: () => undefined });
    const token = await signIn(first.url, 'persist@example.com');
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const created = await (await fetch(`${first.url}/v1/posts`, { method: 'POST', headers: auth, body: JSON.stringify({ content: 'survives' }) })).json();
    await first.stop();

    const second = await startRuntime({ port: first.port, dataDir, log: () => undefined });
    try {
      // The token issued before the restart still verifies: the issuer key is kept with the data.
      const res = await fetch(`${second.url}/v1/posts`, { headers: auth });
      expect(res.status).toBe(200);
      const { items } = (await res.json()) as { items: { id: string; content: string }[] };
      expect(items).toEqual([expect.objectContaining({ id: (created as { id: string }).id, content: 'survives' })]);
    } finally {
      await second.stop();
    }
  }, 120_000); // two cold starts of the whole platform, DynamoDB Local on disk included: on a loaded 2-core machine each can take 30 s
});

describe('npm start', () => {
  /**
   * Service managers (systemd, a terminal's Ctrl-C through npm, CI runners) signal the
   * process they started — npm — and wait a few seconds. Each signal must stop
   * everything (npm, node, DynamoDB Local) within 5 s, data kept.
   */
  async function startNpm(dataDir: string): Promise<{ child: ChildProcessWithoutNullStreams; port: number; output: () => string; javaPid: number }> {
    const port = await freePort();
    const child = spawn('npm', ['start'], {
      cwd: resolve(import.meta.dirname, '../..'),
      env: { ...process.env, PORT: String(port), MARK0_DATA_DIR: dataDir },
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 120_000;
    while (!output.includes('Mark.0 is running')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(output).toContain(`http://127.0.0.1:${port}`);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    const javaPid = Number(readFileSync(join(dataDir, 'dynamodb', 'dynamodb-local.pid'), 'utf8'));
    expect(isRunning(javaPid)).toBe(true);
    return { child, port, output: () => output, javaPid };
  }

  /** Waits until no process of the group is left; returns how long that took. */
  async function groupGone(pgid: number, withinMs: number): Promise<number> {
    const started = Date.now();
    while (groupAlive(pgid)) {
      if (Date.now() - started > withinMs) throw new Error(`process group ${pgid} still running after ${withinMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return Date.now() - started;
  }

  it.each(['SIGINT', 'SIGTERM'] as const)('stops everything within 5 s when npm alone gets %s', async (signal) => {
    const dataDir = tempDir();
    const { child, output, javaPid } = await startNpm(dataDir);
    try {
      process.kill(child.pid!, signal);
      await groupGone(child.pid!, 5_000);
      expect(isRunning(javaPid)).toBe(false);
      expect(output()).toContain('[mark0] stopped.');
    } finally {
      if (groupAlive(child.pid!)) process.kill(-child.pid!, 'SIGKILL');
    }
  }, 180_000);

  it('takes DynamoDB Local down with it when the runtime is killed outright (SIGKILL)', async () => {
    const dataDir = tempDir();
    const { child, javaPid } = await startNpm(dataDir);
    try {
      const runtimePid = Number(execFileSync('pgrep', ['-P', String(child.pid), '-f', 'bin/local.ts'], { encoding: 'utf8' }).trim().split('\n')[0]);
      process.kill(runtimePid, 'SIGKILL');
      const deadline = Date.now() + 5_000;
      while (isRunning(javaPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(isRunning(javaPid)).toBe(false);
    } finally {
      if (groupAlive(child.pid!)) process.kill(-child.pid!, 'SIGKILL');
    }
  }, 180_000);
});

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
