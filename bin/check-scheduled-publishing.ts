/**
 * The "Done when" of issue 3, in real time against `npm start`:
 *
 *   npx tsx bin/check-scheduled-publishing.ts
 *
 * Starts `npm start` (its own port and data dir, sandbox LinkedIn), signs in,
 * connects the sandbox LinkedIn the way the browser does, schedules three posts
 * 70, 100 and 130 seconds ahead, restarts the server (Ctrl-C, then start again)
 * before the first one is due, and waits until all three are published. Prints
 * each post's due time, publish time and delay, and how many times each text
 * reached the sandbox LinkedIn. Exits 1 unless every post went out exactly
 * once, within the minute. Takes about three minutes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './runtime/dynamodb-local';

const root = resolve(import.meta.dirname, '..');
/** Seconds ahead of now the three posts are due (the API needs at least 60 when the request arrives). */
const AHEAD = [70, 100, 130];
const dataDir = mkdtempSync(join(tmpdir(), 'mark0-check-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const log = (line: string) => console.log(`[check ${new Date().toISOString().slice(11, 19)}] ${line}`);

function start(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), MARK0_DATA_DIR: dataDir, LINKEDIN_CLIENT_ID: '', LINKEDIN_CLIENT_SECRET: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((done, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (/SANDBOX|\[events\]|\[publishing\]|\[queue\]/.test(line)) log(`server: ${line.trim()}`);
      if (output.includes('Mark.0 is running')) done(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      if (!output.includes('Mark.0 is running')) fail(new Error(`npm start exited (${code}):\n${output}`));
      else if (!child.killed) log(`npm start exited on its own (${code}):\n${output}`);
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGINT');
  await exited;
}

async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

let server = await start();
let failed = false;
try {
  log(`npm start is up on ${base}`);
  const { token } = await json<{ token: string }>(await fetch(`${base}/local/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'check@example.com' }) }));
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const api = <T>(method: string, path: string, body?: unknown) => fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }).then((res) => json<T>(res));

  // Connect LinkedIn as the browser and the web app would: connect, consent page, Allow, callback, complete as the signed-in user.
  const { authorizationUrl } = await api<{ authorizationUrl: string }>('POST', '/v1/linkedin/connect', {});
  const consent = new URL(authorizationUrl);
  await (await fetch(consent)).text();
  const form = new URLSearchParams({ ...Object.fromEntries(consent.searchParams), decision: 'allow', member: 'Check Member' });
  const allowed = await fetch(new URL('authorization', consent), { method: 'POST', body: form, redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  const callback = await fetch(allowed.headers.get('location')!, { redirect: 'manual' });
  const landing = new URL(callback.headers.get('location')!);
  // The hand-over travels in the fragment (#linkedin=callback&code&state), as the web app reads it.
  const handOver = new URLSearchParams(landing.hash.replace(/^#/, ''));
  if (handOver.get('linkedin') !== 'callback') throw new Error(`LinkedIn did not connect: ${landing.searchParams.get('message') ?? landing}`);
  const { linkedin } = await api<{ linkedin: { name: string | null } }>('POST', '/v1/linkedin/complete', { code: handOver.get('code'), state: handOver.get('state') });
  log(`LinkedIn connected as ${linkedin.name}, back on ${landing.origin}${landing.pathname}`);

  const now = Date.now();
  const posts: { id: string; content: string; scheduledAt: string }[] = [];
  for (const seconds of AHEAD) {
    const content = `Scheduled ${seconds} s ahead, at ${new Date(now).toISOString()} (#check run ${now})`;
    const { id } = await api<{ id: string }>('POST', '/v1/posts', { content });
    const scheduled = await api<{ scheduledAt: string }>('POST', `/v1/posts/${id}/schedule`, { scheduledAt: new Date(now + seconds * 1000).toISOString() });
    posts.push({ id, content, scheduledAt: scheduled.scheduledAt });
    log(`scheduled ${id} for ${scheduled.scheduledAt}`);
  }

  await new Promise((r) => setTimeout(r, 15_000));
  log('restarting npm start (SIGINT, then start again) before the first post is due');
  await stop(server);
  server = await start();
  log('npm start is up again');

  const deadline = Date.now() + 4 * 60_000;
  let views: { id: string; status: string; scheduledAt: string; publishedAt: string | null; linkedinUrn: string | null; linkedinUrl: string | null; error: unknown }[] = [];
  while (Date.now() < deadline) {
    views = await Promise.all(posts.map((post) => api<(typeof views)[number]>('GET', `/v1/posts/${post.id}`)));
    if (views.every((view) => view.status === 'published' || view.status === 'failed')) break;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  const sandboxPosts = views[0]?.linkedinUrl ? await json<{ commentary: string; urn: string }[]>(await fetch(new URL('/__sandbox/posts', views[0].linkedinUrl))) : [];
  console.log('\npost                        due (UTC)             published (UTC)           delay   on LinkedIn  link');
  for (const [i, view] of views.entries()) {
    const delay = view.publishedAt ? (Date.parse(view.publishedAt) - Date.parse(view.scheduledAt)) / 1000 : NaN;
    const copies = sandboxPosts.filter((p) => p.urn === view.linkedinUrn).length;
    const times = sandboxPosts.filter((p) => p.commentary.includes(String(now)) && p.commentary.includes(`${AHEAD[i]} s ahead`)).length;
    console.log(`${view.id}  ${view.scheduledAt}  ${view.publishedAt ?? view.status.padEnd(24)}  ${delay.toFixed(1).padStart(5)} s  ${times}x          ${view.linkedinUrl ?? JSON.stringify(view.error)}`);
    if (view.status !== 'published' || times !== 1 || copies !== 1 || !(delay >= 0 && delay < 60)) failed = true;
  }
  console.log(`\n${failed ? 'FAILED' : 'OK'}: ${views.filter((v) => v.status === 'published').length}/3 published, sandbox LinkedIn holds ${sandboxPosts.length} post(s)\n`);
} finally {
  await stop(server);
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
