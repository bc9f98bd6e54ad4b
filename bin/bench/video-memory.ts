/**
 * `npm run bench:video-memory`: publishes a 500 MB MP4 through the local
 * platform and prints the peak memory while it goes to LinkedIn. The file is
 * made on disk, PUT to the S3 twin with its signed URL, checked, attached to a
 * post and published: the real publisher streams it from storage to the
 * sandbox LinkedIn in LinkedIn's 4 MiB parts (ETags, finalizeUpload), and the
 * sandbox's copy is compared with the original.
 *
 * Everything runs in this one process (gateway, S3 twin, sandbox LinkedIn,
 * publisher; DynamoDB Local is its own Java process), so the figures are an
 * upper bound for the publisher alone. Not a test: run it to measure.
 */
import '../local-env';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

const SIZE_MB = Number(process.env['SIZE_MB'] ?? 500);
const { startRuntime } = await import('../runtime/runtime');
const dir = mkdtempSync(join(tmpdir(), 'mark0-video-bench-'));
const runtime = await startRuntime({ port: 0, log: () => undefined, env: {}, publishing: { tickMs: 0 } });
try {
  const file = join(dir, 'talk.mp4');
  const sha = await writeMp4(file, SIZE_MB * 1024 * 1024);
  const size = statSync(file).size;
  const token = await signIn();
  await connectLinkedIn(token);
  const api = (method: string, path: string, json?: unknown) =>
    fetch(`${runtime.url}${path}`, { method, headers: { Authorization: `Bearer ${token}`, ...(json ? { 'Content-Type': 'application/json' } : {}) }, ...(json ? { body: JSON.stringify(json) } : {}) }).then(async (r) => ({ status: r.status, body: (await r.json().catch(() => null)) as Record<string, unknown> }));

  const created = await api('POST', '/v1/media', { kind: 'video', contentType: 'video/mp4', size, fileName: 'talk.mp4' });
  await put(created.body['upload'] as { url: string; headers: Record<string, string> }, file, size);
  const completed = await api('POST', `/v1/media/${String(created.body['id'])}/complete`);
  if (completed.status !== 200) throw new Error(`complete: ${JSON.stringify(completed.body)}`);
  const post = await api('POST', '/v1/posts', { content: 'A 500 MB talk', media: [{ id: created.body['id'], altText: '' }] });
  runtime.linkedin.sandbox!.media.processing.video = 0;
  global.gc?.();
  const baseline = process.memoryUsage();
  const peak = { rss: baseline.rss, heap: baseline.heapUsed + baseline.arrayBuffers };
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.heap = Math.max(peak.heap, now.heapUsed + now.arrayBuffers);
  }, 10);
  const started = Date.now();
  await api('POST', `/v1/posts/${String(post.body['id'])}/publish`);
  // Each invocation uploads what fits in its 60 s and hands over (the post says how far it got): step until done.
  let invocations = 0;
  do {
    if (invocations > 0) await new Promise((resolve) => setTimeout(resolve, 1100));
    await runtime.publishing.step();
    invocations++;
  } while ((await api('GET', `/v1/posts/${String(post.body['id'])}`)).body['status'] === 'publishing' && invocations < 50);
  const seconds = (Date.now() - started) / 1000;
  clearInterval(sampler);
  const published = await api('GET', `/v1/posts/${String(post.body['id'])}`);
  const content = runtime.linkedin.sandbox!.posts.find((p) => p.urn === published.body['linkedinUrn'])?.content as { media: { id: string } } | undefined;
  const copy = content ? runtime.linkedin.sandbox!.media.fileOf(content.media.id) : undefined;
  const parts = runtime.linkedin.sandbox!.requests.filter((r) => r.endpoint === 'upload').length;
  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
  console.log(`video: ${mb(size)} MP4, ${parts} parts of ${mb(runtime.linkedin.sandbox!.media.partBytes)} (LinkedIn's), published in ${seconds.toFixed(1)} s over ${invocations} publisher invocations: ${String(published.body['status'])}`);
  console.log(`bytes on LinkedIn identical to the upload: ${copy?.sha256 === sha && copy.size === size ? 'yes' : 'NO'}`);
  console.log(`memory while publishing (whole process): RSS ${mb(baseline.rss)} before, peak ${mb(peak.rss)} (+${mb(peak.rss - baseline.rss)}); JS heap + buffers peak ${mb(peak.heap)} (+${mb(peak.heap - baseline.heapUsed - baseline.arrayBuffers)})`);
} finally {
  await runtime.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** An MP4 of `bytes`: ftyp, a media box of random data written in 1 MiB chunks, the movie header (10 minutes) at the end as phones write it. */
async function writeMp4(path: string, bytes: number): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  const write = async (chunk: Buffer) => {
    hash.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  };
  const box = (type: string, body: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, 0].map((_, i) => ((8 + body.length) >>> (24 - 8 * i)) & 0xff)), Buffer.from(type, 'ascii'), body]);
  const ftyp = box('ftyp', Buffer.from('isom\x00\x00\x02\x00isomiso2avc1mp41', 'latin1'));
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12);
  mvhd.writeUInt32BE(600_000, 16);
  const tkhd = Buffer.alloc(84);
  tkhd.writeUInt32BE(1920 << 16, 76);
  tkhd.writeUInt32BE(1080 << 16, 80);
  const hdlr = Buffer.alloc(25);
  hdlr.write('vide', 8, 'ascii');
  const moov = box('moov', Buffer.concat([box('mvhd', mvhd), box('trak', Buffer.concat([box('tkhd', tkhd), box('mdia', box('hdlr', hdlr))]))]));
  const mediaBytes = bytes - ftyp.length - moov.length - 8;
  await write(ftyp);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(mediaBytes + 8);
  header.write('mdat', 4, 'ascii');
  await write(header);
  for (let left = mediaBytes; left > 0; left -= 1024 * 1024) await write(randomBytes(Math.min(left, 1024 * 1024)));
  await write(moov);
  out.end();
  await once(out, 'finish');
  return hash.digest('hex');
}

/** The browser's PUT of the file to its signed URL, streamed from disk. */
async function put(upload: { url: string; headers: Record<string, string> }, path: string, size: number): Promise<void> {
  const req = request(upload.url, { method: 'PUT', headers: { ...upload.headers, 'Content-Length': String(size) } });
  const answered = once(req, 'response');
  createReadStream(path).pipe(req);
  const [res] = (await answered) as [IncomingMessage];
  res.resume();
  if (res.statusCode !== 200) throw new Error(`upload answered ${res.statusCode}`);
}

async function signIn(): Promise<string> {
  const res = await fetch(`${runtime.url}/local/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.com' }) });
  return ((await res.json()) as { token: string }).token;
}

/** The OAuth round trip against the sandbox: consent (Allow), the callback, and the web app's completion. */
async function connectLinkedIn(token: string): Promise<void> {
  const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const { authorizationUrl } = (await (await fetch(`${runtime.url}/v1/linkedin/connect`, { method: 'POST', headers: auth, body: '{}' })).json()) as { authorizationUrl: string };
  const url = new URL(authorizationUrl);
  const form = new URLSearchParams({ ...Object.fromEntries(['client_id', 'redirect_uri', 'state', 'scope'].map((k) => [k, url.searchParams.get(k) ?? ''])), decision: 'allow', member: 'Bench Member' });
  const decided = await fetch(new URL('authorization', url), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form, redirect: 'manual' });
  const callback = await fetch(decided.headers.get('location')!, { redirect: 'manual' });
  const handOver = new URLSearchParams(new URL(callback.headers.get('location')!).hash.slice(1));
  const done = await fetch(`${runtime.url}/v1/linkedin/complete`, { method: 'POST', headers: auth, body: JSON.stringify({ code: handOver.get('code'), state: handOver.get('state') }) });
  if (done.status !== 200) throw new Error(`LinkedIn did not connect: ${await done.text()}`);
}
