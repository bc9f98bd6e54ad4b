/**
 * `npm run bench`: API latency through the local runtime, measured from a
 * separate process over HTTP (the load generator never shares the server's
 * event loop). Seeds USERS users with POSTS_PER_USER posts each, then runs a
 * read-heavy mix (60% list, 20% get, 10% create, 10% edit) at CONCURRENCY for
 * SECONDS and prints p50/p95/p99 per operation and overall.
 *
 * What it measures: the same authorizer, handlers and DynamoDB adapter code as
 * in AWS, on DynamoDB Local (Java + SQLite) on this machine. It is not an AWS
 * figure — there, DynamoDB answers in single-digit ms and API Gateway adds its
 * own ~10–30 ms — but it shows what our code costs and catches regressions.
 *
 *   USERS=1000 POSTS_PER_USER=5 CONCURRENCY=16 SECONDS=20 npm run bench
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const USERS = Number(process.env['USERS'] ?? 1000);
const POSTS_PER_USER = Number(process.env['POSTS_PER_USER'] ?? 5);
const CONCURRENCY = Number(process.env['CONCURRENCY'] ?? 16);
const SECONDS = Number(process.env['SECONDS'] ?? 20);

interface User {
  auth: string;
  postIds: string[];
}

const root = resolve(import.meta.dirname, '../..');
const server = spawn(process.execPath, ['--import', 'tsx', 'bin/bench/serve.ts'], {
  cwd: root,
  env: { ...process.env, MARK0_LIMITS: 'off', PORT: '0' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((done, fail) => {
  let out = '';
  server.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const match = /READY (\S+)/.exec(out);
    if (match) done(match[1]!);
  });
  server.once('exit', (code) => fail(new Error(`runtime exited with ${code}`)));
});

try {
  console.log(`Mark.0 API latency benchmark — local runtime at ${url}`);
  console.log(`seeding ${USERS} users × ${POSTS_PER_USER} posts…`);
  const users = await seed();
  console.log(`running the mix at concurrency ${CONCURRENCY} for ${SECONDS} s…`);
  const samples = await load(users);
  report(samples);
} finally {
  server.kill('SIGTERM');
}

async function call(method: string, path: string, auth: string, body?: unknown): Promise<{ status: number; json: { id: string } & Record<string, unknown>; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { Authorization: auth, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  return { status: res.status, json: text ? JSON.parse(text) : null, ms };
}

async function seed(): Promise<User[]> {
  const users: User[] = [];
  await pool(USERS, 16, async (i) => {
    const res = await fetch(`${url}/local/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: `bench-${i}@example.com` }),
    });
    const { token } = (await res.json()) as { token: string };
    const user: User = { auth: `Bearer ${token}`, postIds: [] };
    for (let p = 0; p < POSTS_PER_USER; p++) {
      const created = await call('POST', '/v1/posts', user.auth, { content: `Seed post ${p} of user ${i}: what I learned this week.` });
      if (created.status !== 201) throw new Error(`seed failed: ${created.status} ${JSON.stringify(created.json)}`);
      user.postIds.push(created.json.id);
    }
    users[i] = user;
  });
  return users;
}

async function load(users: User[]): Promise<Map<string, number[]>> {
  const samples = new Map<string, number[]>();
  const record = (op: string, ms: number) => (samples.get(op) ?? samples.set(op, []).get(op)!).push(ms);
  const deadline = Date.now() + SECONDS * 1000;
  let errors = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      let n = worker;
      while (Date.now() < deadline) {
        const user = users[(n = (n * 7919 + 13) % users.length)]!;
        const postId = user.postIds[n % user.postIds.length]!;
        const roll = n % 10;
        const [op, result] =
          roll < 6
            ? ['GET /v1/posts', await call('GET', '/v1/posts?limit=20', user.auth)]
            : roll < 8
              ? ['GET /v1/posts/{id}', await call('GET', `/v1/posts/${postId}`, user.auth)]
              : roll < 9
                ? ['POST /v1/posts', await call('POST', '/v1/posts', user.auth, { content: 'A new idea worth sharing.' })]
                : ['PATCH /v1/posts/{id}', await call('PATCH', `/v1/posts/${postId}`, user.auth, { content: `Edited at ${Date.now()}` })];
        if (result.status >= 500 || (result.status >= 400 && result.status !== 409)) errors++;
        record(op, result.ms);
        n++;
      }
    }),
  );
  if (errors > 0) console.log(`!! ${errors} unexpected error responses`);
  return samples;
}

function report(samples: Map<string, number[]>): void {
  const all = [...samples.values()].flat();
  const rows = [...samples.entries(), ['all', all] as [string, number[]]];
  console.log(`\n${'operation'.padEnd(24)}${'count'.padStart(8)}${'p50 ms'.padStart(10)}${'p95 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'max ms'.padStart(10)}`);
  for (const [op, values] of rows) {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
    console.log(`${op.padEnd(24)}${String(values.length).padStart(8)}${at(0.5).padStart(10)}${at(0.95).padStart(10)}${at(0.99).padStart(10)}${sorted[sorted.length - 1]!.toFixed(1).padStart(10)}`);
  }
  console.log(`\nthroughput: ${(all.length / SECONDS).toFixed(0)} requests/s over ${SECONDS} s at concurrency ${CONCURRENCY}`);
}

async function pool(count: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task(next++);
    }),
  );
}
