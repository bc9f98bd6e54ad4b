import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRuntime } from '../../bin/runtime/runtime';
import { groupGone, isRunning, killGroup, startNpm as startNpmProcess } from './support/npm-start';

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
  async function startNpm(dataDir: string) {
    const started = await startNpmProcess(dataDir);
    expect(started.output()).toContain(started.url);
    expect((await fetch(`${started.url}/health`)).status).toBe(200);
    expect(isRunning(started.javaPid)).toBe(true);
    return started;
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
      killGroup(child.pid!);
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
      killGroup(child.pid!);
    }
  }, 180_000);
});
