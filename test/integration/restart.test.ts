import { spawn } from 'node:child_process';
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
  // Two starts of DynamoDB Local on disk (its JVM takes 10–15 s each on a loaded 2-core machine) and the S3 twin.
  it('keeps posts, accounts and sign-in keys across a restart', { timeout: 90_000 }, async () => {
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
  });
});

describe('npm start', () => {
  it('serves, then stops on Ctrl-C (SIGINT) with DynamoDB Local stopped too', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts'], {
      cwd: resolve(import.meta.dirname, '../..'),
      env: { ...process.env, PORT: String(port), MARK0_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    try {
      const deadline = Date.now() + 90_000;
      while (!output.includes('Mark.0 is running')) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`did not start:\n${output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(output).toContain(`http://127.0.0.1:${port}`);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      const javaPid = Number(readFileSync(join(dataDir, 'dynamodb', 'dynamodb-local.pid'), 'utf8'));
      expect(isRunning(javaPid)).toBe(true);

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(isRunning(javaPid)).toBe(false);
      expect(output).toContain('[mark0] stopped.');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 120_000);
});
