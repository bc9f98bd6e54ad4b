import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export interface LocalServer {
  url: string;
  dynamoEndpoint: string;
  tableName: string;
  stop(): Promise<void>;
}

/**
 * `npm start`'s runtime in a process of its own (bin/bench/serve.ts, in
 * memory, limits lifted), so the load generator never shares its event loop.
 */
export async function startLocalServer(env: Record<string, string> = {}): Promise<LocalServer> {
  const root = resolve(import.meta.dirname, '../../..');
  // The flags of `npm start` (package.json): a young generation of up to 64 MB, where V8's default of 16 MB
  // had this one process, which runs every function, spend 7% of its time in scavenges under the mix (2.5% with it).
  const child: ChildProcess = spawn(process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', 'bin/bench/serve.ts'], {
    cwd: root,
    // Warnings and errors only, no EMF metrics: the server's output is not what is measured (bench:cost prices it).
    env: { ...process.env, MARK0_LIMITS: 'off', PORT: '0', POWERTOOLS_LOG_LEVEL: 'WARN', POWERTOOLS_METRICS_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Warnings (a health check past its 1 s bound under this load, say) are expected here; errors are shown.
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    if (/"level":"ERROR"|Error/.test(text)) process.stderr.write(text);
  });
  const ready = await new Promise<{ url: string; dynamoEndpoint: string; tableName: string }>((done, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /READY (\{.*\})/.exec(out);
      if (match) {
        // From here on its output is read and dropped, so a full pipe never blocks the server.
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        done(JSON.parse(match[1]!) as { url: string; dynamoEndpoint: string; tableName: string });
      }
    });
    child.once('exit', (code) => fail(new Error(`the runtime exited with ${code}`)));
  });
  return {
    ...ready,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
