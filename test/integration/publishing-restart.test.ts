import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectLinkedIn, sandboxPostsOf } from './support/linkedin';
import { ManualClock } from '../support/manual-clock';
import { startTestApp, type ApiClient, type TestApp } from './support/test-runtime';

const dataDir = mkdtempSync(join(tmpdir(), 'mark0-publishing-restart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('restarting the local runtime', () => {
  it('rebuilds the schedules from the table: a post due while it was down goes out on start, the others at their time, each once', async () => {
    const clock = new ManualClock('2026-11-25T08:00:00.000Z');
    const tableName = `test-${randomUUID()}`;
    const options = { clock, dataDir, tableName, publishing: { tickMs: 0 } };
    let app: TestApp = await startTestApp(options);
    const at = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000).toISOString();
    const posts: Record<string, { id: string; scheduledAt: string }> = {};
    let user: ApiClient;
    try {
      user = await app.signIn('restart@example.com');
      await connectLinkedIn(app, user, { member: 'Restart Member' });
      for (const [name, minutes] of [['dueWhileDown', 2], ['inAnHour', 60], ['tonight', 10 * 60]] as const) {
        const created = await user.post('/v1/posts', { content: `${name} ${randomUUID()}` });
        const scheduled = await user.post(`/v1/posts/${created.body.id}/schedule`, { scheduledAt: at(minutes) });
        posts[name] = { id: created.body.id, scheduledAt: scheduled.body.scheduledAt };
      }
    } finally {
      await app.stop();
    }

    clock.advanceMinutes(15);
    app = await startTestApp({ ...options, port: app.port });
    try {
      const read = async (name: string) => (await user.get(`/v1/posts/${posts[name]!.id}`)).body;
      // Loaded on start from the due index: the overdue one and the one within the look-ahead.
      expect(app.publishing.scheduler.pending().map((m) => m.postId)).toEqual([posts['dueWhileDown']!.id, posts['inAnHour']!.id]);
      await app.publishing.step();
      expect(await read('dueWhileDown')).toMatchObject({ status: 'published', linkedinUrn: expect.stringMatching(/^urn:li:share:/) });
      expect((await read('inAnHour')).status).toBe('scheduled');

      // Time passes: the later posts go out at their second, "tonight" loaded from the table once its window comes.
      for (const name of ['inAnHour', 'tonight']) {
        clock.advance(Date.parse(posts[name]!.scheduledAt) - clock.now().getTime());
        await app.publishing.step();
        expect(await read(name)).toMatchObject({ status: 'published', publishedAt: posts[name]!.scheduledAt });
      }
      for (const name of Object.keys(posts)) expect(sandboxPostsOf(app, (await read(name)).content), name).toHaveLength(1);
      expect(Date.parse((await read('dueWhileDown')).publishedAt)).toBe(Date.parse(posts['dueWhileDown']!.scheduledAt) + 13 * 60_000);
    } finally {
      await app.stop();
    }
  });
});
