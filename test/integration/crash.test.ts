import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { escapeLittleText } from '@contract/little-text';
import { PUBLISHING } from '@lambdas/core/publishing/publishing-rules';
import { MIN_SCHEDULE_AHEAD_MS } from '@lambdas/core/posts/schedule-input';
import { freePort } from '../../bin/runtime/dynamodb-local';
import { LinkedInSandbox } from '../../bin/runtime/linkedin-sandbox/linkedin-sandbox';
import { connectLinkedIn } from './support/linkedin';
import { groupGone, killGroup, startNpm, type NpmStart } from './support/npm-start';
import { signInAt, type ApiClient, type TestApp } from './support/test-runtime';

/**
 * The crash a user feels: `npm start` killed outright (SIGKILL to its whole process group:
 * npm, node, DynamoDB Local) while people write and while 30 posts go out, then started again
 * on the same data. Every write answered 2xx is there; no post reaches LinkedIn twice; every post
 * is out within its lease + 60 s after the restart.
 *
 * LinkedIn is a sandbox in this test's own process, outside the killed group, so it outlives the
 * crash and counts what it received. It answers slowly (9 s, under the client's 10 s timeout)
 * while the burst is claimed: 13 posts are made before the kill but never answered (the URN
 * never reaches the table), 17 are never made at all.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'mark0-crash-'));
let npm: NpmStart | undefined;
afterAll(async () => {
  if (npm) killGroup(npm.child.pid!);
  rmSync(dataDir, { recursive: true, force: true });
});

interface Write {
  client: ApiClient;
  id: string;
  content: string;
  version: number;
}

/** A write of the burst, with when it was sent and when its answer arrived (ms since the epoch). */
interface AnsweredWrite extends Write {
  sentAt: number;
  at: number;
}

/** Creates and edits drafts with `concurrency` clients until `stop()`; keeps every write answered 2xx. */
function writeBurst(clients: ApiClient[], concurrency: number) {
  const answered = new Map<string, AnsweredWrite>();
  let stopped = false;
  /** Writes cut off by the kill (no answer): one per client at most, each then stops. */
  let failures = 0;
  const loop = async (n: number) => {
    for (let i = 0; !stopped; i++) {
      const client = clients[(n + i) % clients.length]!;
      try {
        const content = `burst ${n}-${i} ${randomUUID()}`;
        let sentAt = Date.now();
        const created = await client.post('/v1/posts', { content });
        if (created.status !== 201) continue;
        answered.set(created.body.id, { client, id: created.body.id, content, version: created.body.version, at: Date.now(), sentAt });
        sentAt = Date.now();
        const edited = await client.patch(`/v1/posts/${created.body.id}`, { content: `${content} (edited)`, version: created.body.version });
        if (edited.status === 200)
          answered.set(created.body.id, { client, id: created.body.id, content: `${content} (edited)`, version: edited.body.version, at: Date.now(), sentAt });
      } catch {
        failures++; // the connection died with the runtime: not answered, so not promised
        return;
      }
    }
  };
  const running = Promise.all(Array.from({ length: concurrency }, (_, n) => loop(n)));
  return {
    answered,
    failures: () => failures,
    stop: async () => {
      stopped = true;
      await running;
    },
  };
}

async function waitFor<T>(what: string, withinMs: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${withinMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('SIGKILL of the whole local runtime', () => {
  it('loses no answered write, publishes no post twice, and sends every due post within its lease + 60 s of the restart', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const clientSecret = randomBytes(24).toString('base64url');
    const linkedin = new LinkedInSandbox({ clientId: 'crash-test-app', clientSecret, redirectUris: [`${url}/v1/linkedin/callback`] });
    await linkedin.start();
    const env = {
      LINKEDIN_CLIENT_ID: 'crash-test-app',
      LINKEDIN_CLIENT_SECRET: clientSecret,
      LINKEDIN_AUTH_URL: linkedin.authUrl,
      LINKEDIN_API_URL: linkedin.apiUrl,
      // The write burst is faster than any person: the tiers' throttles would refuse most of it.
      MARK0_LIMITS: 'off',
    };
    try {
      npm = await startNpm(dataDir, { port, env });
      const app = { url } as TestApp;
      // Three users of ten posts each: the free tier's cap on scheduled posts is 10.
      const users = await Promise.all([0, 1, 2].map((n) => signInAt(url, `crash${n}@example.com`)));
      for (const [n, user] of users.entries()) await connectLinkedIn(app, user, { member: `Crash Member ${n}` });
      // The drafts first, then the time (15 s past the minimum) and the schedules, the three users side by side (one
      // user's writes in turn: each moves their post counts): a loaded machine's slow set-up cannot bring the time
      // under the one-minute minimum before the last schedule arrives.
      const perUser = async <T>(work: (user: ApiClient, i: number) => Promise<T>): Promise<T[]> =>
        (
          await Promise.all(
            users.map(async (user) => {
              const done: T[] = [];
              for (let i = 0; i < 10; i++) done.push(await work(user, i));
              return done;
            }),
          )
        ).flat();
      const drafts = await perUser(async (user, i) => {
        const content = `Due soon: post ${i} of ${user.userId} ${randomUUID()}`;
        const created = await user.post('/v1/posts', { content });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        return { client: user, id: created.body.id as string, content };
      });
      const dueAt = new Date(Math.ceil((Date.now() + MIN_SCHEDULE_AHEAD_MS + 15_000) / 1000) * 1000).toISOString();
      const due: Write[] = await perUser(async (user, i) => {
        const draft = drafts.filter((d) => d.client === user)[i]!;
        const scheduled = await user.post(`/v1/posts/${draft.id}/schedule`, { scheduledAt: dueAt });
        expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(200);
        return { ...draft, version: scheduled.body.version as number };
      });
      linkedin.injectFaults({ kind: 'delay', ms: 9_000, create: true, times: 13 }, { kind: 'delay', ms: 9_000, times: 17 });

      const burst = writeBurst(users, 6);
      // Just after their time: every post claimed (publishing, leased), 13 of them already made on LinkedIn.
      await waitFor('13 posts made on LinkedIn', Date.parse(dueAt) - Date.now() + 30_000, () => (linkedin.posts.length >= 13 ? true : undefined));
      await new Promise((r) => setTimeout(r, 1_000)); // the other 17 requests arrive and hang
      killGroup(npm.child.pid!);
      const killedAt = Date.now();
      await groupGone(npm.child.pid!, 5_000);
      await burst.stop();
      linkedin.clearFaults();
      expect(linkedin.posts).toHaveLength(13);
      const answered = [...burst.answered.values()];
      expect(answered.length, 'writes answered 2xx during the burst').toBeGreaterThan(20);

      npm = await startNpm(dataDir, { port, env });
      const restartedAt = Date.now();

      // Every write answered 2xx before the kill is there, as answered (or later). Each one missing is
      // reported with when it was sent and answered (before the kill) and what was read back.
      const lost: string[] = [];
      for (const write of answered) {
        const read = await write.client.get(`/v1/posts/${write.id}`);
        const there = read.status === 200 && (read.body.version > write.version || (read.body.version === write.version && read.body.content === write.content));
        if (!there) {
          const { client: _, sentAt, at, ...promised } = write;
          lost.push(JSON.stringify({ ...promised, sentMsBeforeKill: killedAt - sentAt, answeredMsBeforeKill: killedAt - at, readStatus: read.status, read: read.body }));
        }
      }
      expect(lost, `answered 2xx before the kill, not there after the restart (${lost.length} of ${answered.length})`).toEqual([]);

      // Every due post out within its lease + 60 s of the restart, each exactly once on LinkedIn.
      const budgetMs = (PUBLISHING.leaseSeconds + 60) * 1000;
      const statuses = await waitFor('every due post to be published', budgetMs, async () => {
        const reads = await Promise.all(due.map((post) => post.client.get(`/v1/posts/${post.id}`)));
        return reads.every((read) => read.body.status === 'published') ? reads.map((read) => read.body) : undefined;
      }).catch(async (error: Error) => {
        const reads = await Promise.all(due.map((post) => post.client.get(`/v1/posts/${post.id}`)));
        throw new Error(`${error.message}: ${JSON.stringify(reads.map((read) => read.body.status))}`);
      });
      const outAfterRestartMs = Date.now() - restartedAt;
      for (const [i, post] of due.entries()) {
        const copies = linkedin.posts.filter((made) => made.commentary === escapeLittleText(post.content));
        expect(copies, post.content).toHaveLength(1);
        expect(statuses[i].linkedinUrn).toBe(copies[0]!.urn);
      }
      expect(linkedin.posts).toHaveLength(30);
      console.log(
        `[crash] ${answered.length} writes answered before the kill, all there; ${burst.failures()} cut off; killed ${killedAt - Date.parse(dueAt)} ms after the posts' time; ` +
          `all 30 published once, the last ${Math.round(outAfterRestartMs / 1000)} s after the restart`,
      );
    } finally {
      if (npm) killGroup(npm.child.pid!);
      await linkedin.stop();
    }
  }, 420_000);
});
