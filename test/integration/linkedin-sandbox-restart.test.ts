import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LinkedInSandbox } from '../../bin/runtime/linkedin-sandbox/linkedin-sandbox';

const dir = mkdtempSync(join(tmpdir(), 'mark0-sandbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sandbox(stateFile: string, log: string[] = []): LinkedInSandbox {
  return new LinkedInSandbox({ stateFile, clientId: 'c', clientSecret: 's', redirectUris: [], log: (line) => log.push(line) });
}

describe('the sandbox LinkedIn across restarts of npm start', () => {
  it('listens where it listened before, so the links of published posts keep opening', async () => {
    const stateFile = join(dir, 'same-port.json');
    const first = sandbox(stateFile);
    const url = await first.start();
    await first.stop();
    const second = sandbox(stateFile);
    try {
      expect(await second.start()).toBe(url);
      expect((await fetch(`${url}/`)).status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it('takes another port, and says what that means, when something else holds its old one', async () => {
    const stateFile = join(dir, 'taken-port.json');
    const first = sandbox(stateFile);
    const url = await first.start();
    await first.stop();
    const squatter = createServer();
    await new Promise<void>((done) => squatter.listen(Number(new URL(url).port), '127.0.0.1', done));
    const log: string[] = [];
    const second = sandbox(stateFile, log);
    try {
      const moved = await second.start();
      expect(moved).not.toBe(url);
      expect(log.join('\n')).toContain(`port ${new URL(url).port} is taken`);
      // The new port is remembered for the next start.
      await second.stop();
      const third = sandbox(stateFile);
      expect(await third.start()).toBe(moved);
      await third.stop();
    } finally {
      await second.stop();
      await new Promise<void>((done) => squatter.close(() => done()));
    }
  });
});
