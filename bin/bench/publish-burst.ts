/**
 * The publishing burst (issue 15, item 4): 1,000 posts of 100 users, all due
 * at the same second, through the local scheduler, queue and publisher (the
 * same handler as in Lambda, at most PUBLISHER_CONCURRENCY batches of 10 at
 * once, as the SQS event source in AWS) to the sandbox LinkedIn. Prints the
 * time until the last one is out, the delay distribution, late (> 60 s after
 * due), duplicates on LinkedIn and posts lost (not out by the deadline).
 *
 * The clock jumps to the due second instead of waiting for it: from there on
 * it runs with real time, so every delay printed is real.
 *
 *   BENCH_SECONDS=60 (the deadline is twice that, at least 60 s) npx tsx bin/bench/publish-burst.ts
 */
import { pathToFileURL } from 'node:url';
import '../local-env';
import type { Runtime } from '../runtime/runtime';
import { politely } from './load/politely';

export interface BurstResults {
  users: number;
  posts: number;
  dueAt: string;
  /** Seconds from the due second until LinkedIn accepted the last post. */
  lastOutAfterSeconds: number | null;
  delaySeconds: { p50: number; p95: number; max: number };
  /** Published more than 60 s after due. */
  late: number;
  /** Posts LinkedIn holds more than once. */
  duplicates: number;
  /** Not published (nor failed with a reason) by the deadline. */
  lost: number;
  failed: number;
  /** DynamoDB calls per publisher invocation (a batch of up to 10 posts). */
  dynamodbCallsPerPost: number;
  targets: { lastOutWithin60s: boolean; noDuplicates: boolean; noneLost: boolean };
}

const USERS = 100;
const POSTS_PER_USER = 10;

export async function runPublishBurst(options: { seconds: number }): Promise<BurstResults> {
  const { startRuntime } = await import('../runtime/runtime');
  let offset = 0;
  const clock = { now: () => new Date(Date.now() + offset) };
  const runtime = await startRuntime({ port: 0, clock, limits: false, log: () => undefined, env: {} });
  try {
    console.log(`Publishing burst: ${USERS} users × ${POSTS_PER_USER} posts, all due at the same second; local runtime at ${runtime.url}`);
    // Far enough ahead for a slow set-up on a loaded machine (each schedule must be a minute ahead when it is made): the clock jumps there anyway.
    const dueAt = new Date(Math.ceil((Date.now() + 30 * 60_000) / 60_000) * 60_000);
    const setUp = Date.now();
    const users = await pool(USERS, 8, (i) => signInConnected(runtime, i));
    const postIds = (await pool(USERS * POSTS_PER_USER, 50, (n) => scheduleOne(runtime, users[n % USERS]!, n, dueAt))).flat();
    console.log(`${users.length} users connected to the sandbox LinkedIn, ${postIds.length} posts scheduled for ${dueAt.toISOString()} (${((Date.now() - setUp) / 1000).toFixed(1)} s to set up)`);

    await fetch(`${runtime.url}/local/db-calls?reset=1`);
    offset = dueAt.getTime() - Date.now();
    const jumpedAt = Date.now();
    const deadlineMs = Math.max(60, options.seconds * 2) * 1000;
    const sandbox = runtime.linkedin.sandbox!;
    const before = sandbox.posts.length;
    while (sandbox.posts.length - before < postIds.length && Date.now() - jumpedAt < deadlineMs) await new Promise((resolve) => setTimeout(resolve, 200));
    // Whatever is in flight finishes (it would in Lambda too) before the posts are counted.
    await runtime.publishing.queue.settle();

    const posts = (await pool(USERS, 20, (i) => listPosts(runtime, users[i]!))).flat();
    const published = posts.filter((post) => post.status === 'published' && post.publishedAt);
    const delays = published.map((post) => (Date.parse(post.publishedAt!) - dueAt.getTime()) / 1000).sort((a, b) => a - b);
    const commentary = new Map<string, number>();
    for (const post of sandbox.posts.slice(before)) commentary.set(post.commentary, (commentary.get(post.commentary) ?? 0) + 1);
    const calls = (await (await fetch(`${runtime.url}/local/db-calls`)).json()) as { dynamodbCalls: Record<string, { calls: number }> };
    const at = (q: number) => Math.round((delays[Math.min(delays.length - 1, Math.floor(q * delays.length))] ?? 0) * 10) / 10;
    const results: BurstResults = {
      users: USERS,
      posts: postIds.length,
      dueAt: dueAt.toISOString(),
      lastOutAfterSeconds: delays.length === postIds.length ? Math.round(delays.at(-1)! * 10) / 10 : null,
      delaySeconds: { p50: at(0.5), p95: at(0.95), max: Math.round((delays.at(-1) ?? 0) * 10) / 10 },
      late: delays.filter((delay) => delay > 60).length,
      duplicates: [...commentary.values()].reduce((sum, n) => sum + n - 1, 0),
      lost: postIds.length - published.length - posts.filter((post) => post.status === 'failed').length,
      failed: posts.filter((post) => post.status === 'failed').length,
      dynamodbCallsPerPost: Math.round(((calls.dynamodbCalls['publisher']?.calls ?? 0) / Math.max(1, published.length)) * 10) / 10,
      targets: { lastOutWithin60s: false, noDuplicates: false, noneLost: false },
    };
    results.targets = { lastOutWithin60s: results.lastOutAfterSeconds !== null && results.lastOutAfterSeconds <= 60, noDuplicates: results.duplicates === 0, noneLost: results.lost === 0 };
    console.log(
      `last post out ${results.lastOutAfterSeconds ?? 'never'} s after due (p50 ${results.delaySeconds.p50} s, p95 ${results.delaySeconds.p95} s); ` +
        `late (> 60 s) ${results.late}, duplicates ${results.duplicates}, lost ${results.lost}, failed ${results.failed}; ` +
        `${results.dynamodbCallsPerPost} DynamoDB calls per published post`,
    );
    return results;
  } finally {
    await runtime.stop();
  }
}

interface BurstUser {
  auth: string;
  index: number;
}

async function signInConnected(runtime: Runtime, index: number): Promise<BurstUser> {
  const res = await fetch(`${runtime.url}/local/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: `burst-${index}@example.com` }) });
  const { token } = (await res.json()) as { token: string };
  const user = { auth: `Bearer ${token}`, index };
  // The browser's OAuth round trip with the sandbox's consent page, then the web app's completion.
  const connect = (await call(runtime, user, 'POST', '/v1/linkedin/connect', {})) as { authorizationUrl: string };
  const authorization = new URL(connect.authorizationUrl);
  await (await fetch(authorization)).text(); // the consent page, as the browser shows it
  const form = new URLSearchParams({
    client_id: authorization.searchParams.get('client_id') ?? '',
    redirect_uri: authorization.searchParams.get('redirect_uri') ?? '',
    state: authorization.searchParams.get('state') ?? '',
    scope: authorization.searchParams.get('scope') ?? '',
    decision: 'allow',
    member: `Burst Member ${index}`,
  });
  const decided = await fetch(new URL('authorization', authorization), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form, redirect: 'manual' });
  if (decided.status !== 302) throw new Error(`the sandbox's consent answered ${decided.status}: ${await decided.text()}`);
  const landing = await politely(() => fetch(decided.headers.get('location')!, { redirect: 'manual' }));
  if (landing.status !== 302) throw new Error(`the callback answered ${landing.status} for ${decided.headers.get('location')}: ${await landing.text()}`);
  const handOver = new URLSearchParams(new URL(landing.headers.get('location')!).hash.slice(1));
  await call(runtime, user, 'POST', '/v1/linkedin/complete', { code: handOver.get('code'), state: handOver.get('state') });
  return user;
}

async function scheduleOne(runtime: Runtime, user: BurstUser, n: number, dueAt: Date): Promise<string> {
  const post = (await call(runtime, user, 'POST', '/v1/posts', { content: `Burst post ${n} of member ${user.index}: shipping on time, every time.` })) as { id: string };
  await call(runtime, user, 'POST', `/v1/posts/${post.id}/schedule`, { scheduledAt: dueAt.toISOString() });
  return post.id;
}

async function listPosts(runtime: Runtime, user: BurstUser): Promise<{ status: string; publishedAt: string | null }[]> {
  return ((await call(runtime, user, 'GET', '/v1/posts?limit=50')) as { items: { status: string; publishedAt: string | null }[] }).items;
}

async function call(runtime: Runtime, user: BurstUser, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await politely(() =>
    fetch(`${runtime.url}${path}`, {
      method,
      headers: { Authorization: user.auth, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function pool<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runPublishBurst({ seconds: Number(process.env['BENCH_SECONDS'] ?? 60) });
  process.exit(0);
}
