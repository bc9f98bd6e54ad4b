import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { AesTokenCipher } from '@lambdas/adapters/local/aes-token-cipher';
import { LocalPostScheduler } from '@lambdas/adapters/local/local-post-scheduler';
import { LocalPublishQueue } from '@lambdas/adapters/local/local-publish-queue';
import type { Post } from '@lambdas/core/posts/post';
import type { PublishMessage, QueueMessage } from '@lambdas/core/publishing/publish-message';
import type { PostStore } from '@lambdas/core/ports/post-store';

class TestClock {
  constructor(public ms = Date.parse('2026-11-25T10:00:00Z')) {}
  now = () => new Date(this.ms);
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const message = (postId: string, scheduledAt = '2026-11-25T10:05:00.000Z'): PublishMessage => ({ userId: 'u', postId, scheduledAt });

describe('AesTokenCipher (the local twin of KMS)', () => {
  it('decrypts only for the user it encrypted for, and refuses a tampered ciphertext', async () => {
    const cipher = AesTokenCipher.inMemory();
    const sealed = await cipher.encrypt('AQ-token', 'alice');
    expect(sealed).toMatch(/^aesgcm:v1:/);
    expect(sealed).not.toContain('AQ-token');
    expect(await cipher.decrypt(sealed, 'alice')).toBe('AQ-token');
    await expect(cipher.decrypt(sealed, 'bob')).rejects.toThrow();
    // Flip a bit of the encrypted bytes themselves (editing a base64 character can change only padding bits).
    const [iv, tag, body] = sealed.slice('aesgcm:v1:'.length).split('.') as [string, string, string];
    const bytes = Buffer.from(body, 'base64url');
    bytes[0] = bytes[0]! ^ 0x01;
    await expect(cipher.decrypt(`aesgcm:v1:${iv}.${tag}.${bytes.toString('base64url')}`, 'alice')).rejects.toThrow();
  });

  it('keeps its key in a file readable by the owner only, so tokens survive a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mark0-key-'));
    dirs.push(dir);
    const file = join(dir, 'linkedin-token-key');
    const sealed = await AesTokenCipher.fromKeyFile(file).encrypt('token', 'u');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8'), 'base64')).toHaveLength(32);
    expect(await AesTokenCipher.fromKeyFile(file).decrypt(sealed, 'u')).toBe('token');
  });
});

describe('LocalPublishQueue (the local twin of SQS)', () => {
  function queue(consumer: (event: SQSEvent) => Promise<{ batchItemFailures: { itemIdentifier: string }[] } | void>) {
    const clock = new TestClock();
    const logs: string[] = [];
    const q = new LocalPublishQueue({ clock, visibilityTimeoutSeconds: 60, maxReceiveCount: 3, log: (line) => logs.push(line) });
    q.setConsumer(consumer);
    return { q, clock, logs };
  }

  it('delivers SQS-shaped records in batches of ten and deletes what succeeded', async () => {
    const batches: SQSEvent[] = [];
    const { q } = queue(async (event) => void batches.push(event));
    for (let i = 0; i < 12; i++) await q.send(message(`P${i}`));
    await q.poll();
    expect(batches.map((b) => b.Records.length)).toEqual([10, 2]);
    expect(batches[0]!.Records[0]).toMatchObject({ eventSource: 'aws:sqs', body: JSON.stringify(message('P0')), attributes: { ApproximateReceiveCount: '1' } });
    expect(q.depth).toBe(0);
  });

  it('redelivers a batchItemFailure after the visibility timeout, and moves it to the DLQ after maxReceiveCount', async () => {
    const received: string[] = [];
    const { q, clock, logs } = queue(async (event) => {
      received.push(...event.Records.map((r) => r.attributes.ApproximateReceiveCount));
      return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
    });
    await q.send(message('P'));
    await q.poll();
    await q.poll();
    expect(received).toEqual(['1']);
    for (let i = 0; i < 3; i++) {
      clock.ms += 60_000;
      await q.poll();
    }
    expect(received).toEqual(['1', '2', '3']);
    expect(q.deadLetters).toEqual([expect.objectContaining({ body: JSON.stringify(message('P')), receiveCount: 3 })]);
    expect(logs).toEqual([expect.stringContaining('moved to the DLQ after 3 receives')]);
  });

  it('treats a thrown batch as all failed, and keeps a delayed message invisible until its time', async () => {
    let calls = 0;
    const { q, clock } = queue(async () => {
      calls++;
      throw new Error('boom');
    });
    await q.send(message('P'), { delaySeconds: 30 });
    await q.poll();
    expect(calls).toBe(0);
    clock.ms += 30_000;
    await q.poll();
    expect(calls).toBe(1);
    expect(q.depth).toBe(1);
  });
});

describe('LocalPostScheduler (the local twin of EventBridge Scheduler)', () => {
  function scheduler(due: Post[] = []) {
    const clock = new TestClock();
    const sent: QueueMessage[] = [];
    const ranges: { from: string; to: string }[] = [];
    const posts = { listDue: async (range: { from: string; to: string }) => (ranges.push(range), due) } as unknown as PostStore;
    const s = new LocalPostScheduler({ clock, posts, queue: { send: async (m) => void sent.push(m) }, lookBackHours: 48, lookAheadHours: 2, log: () => undefined });
    return { s, clock, sent, ranges };
  }

  it('sends a message at its time, once, and never a cancelled one', async () => {
    const { s, clock, sent } = scheduler();
    await s.rebuild();
    await s.schedule(message('A'));
    await s.schedule(message('B'));
    await s.cancel(message('B'));
    await s.tick();
    expect(sent).toEqual([]);
    clock.ms = Date.parse('2026-11-25T10:05:00Z');
    await s.tick();
    await s.tick();
    expect(sent).toEqual([message('A')]);
  });

  it('rebuilds from the due index: on start 48 h back to 2 h ahead, then window after window', async () => {
    const scheduled = { userId: 'u', id: 'S', status: 'scheduled', scheduledAt: '2026-11-25T09:00:00.000Z' } as Post;
    const { s, clock, sent, ranges } = scheduler([scheduled]);
    expect(await s.rebuild()).toBe(1);
    expect(ranges).toEqual([{ from: '2026-11-23T10:00:00.000Z', to: '2026-11-25T12:00:00.000Z' }]);
    await s.tick();
    expect(sent).toEqual([{ userId: 'u', postId: 'S', scheduledAt: scheduled.scheduledAt }]);
    clock.ms += 90 * 60_000;
    await s.tick();
    expect(ranges[1]).toEqual({ from: '2026-11-25T12:00:00.000Z', to: '2026-11-25T13:30:00.000Z' });
  });

  it('on start, hands a post a dead process left publishing back to the queue when its lease ends (its in-memory message died with that process)', async () => {
    const base = { userId: 'u', status: 'publishing', scheduledAt: '2026-11-25T09:59:00.000Z' };
    const leased = { ...base, id: 'L', leaseUntil: '2026-11-25T10:01:30.000Z' } as Post;
    const expired = { ...base, id: 'E', leaseUntil: '2026-11-25T09:59:30.000Z' } as Post;
    const { s, clock, sent } = scheduler([leased, expired]);
    expect(await s.rebuild()).toBe(2);
    await s.tick();
    expect(sent.map((m) => ('postId' in m ? m.postId : m.kind))).toEqual(['E']);
    clock.ms = Date.parse('2026-11-25T10:01:29.999Z');
    await s.tick();
    expect(sent.map((m) => ('postId' in m ? m.postId : m.kind))).toEqual(['E']);
    clock.ms = Date.parse(leased.leaseUntil!);
    await s.tick();
    await s.tick();
    expect(sent).toEqual([{ userId: 'u', postId: 'E', scheduledAt: base.scheduledAt }, { userId: 'u', postId: 'L', scheduledAt: base.scheduledAt }]);
  });
});
