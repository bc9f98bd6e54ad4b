import { describe, expect, it } from 'vitest';
import { publishMessageFor, queueOf, releaseWaitingMessage, type EvergreenMessage } from '@lambdas/core/publishing/publish-message';
import type { EvergreenDeps } from '@lambdas/core/queue/evergreen';
import { LocalPublishQueue, LocalQueues } from '@lambdas/adapters/local/local-publish-queue';
import { createPublisher } from '@lambdas/handlers/publisher';
import { createEvergreenWorker } from '@lambdas/handlers/evergreen';
import { lambdaContext } from '../../bin/runtime/proxy-event';
import { publisherHarness } from '../support/publisher-harness';
import { sqsEvent } from '../support/lambda-events';

const run: EvergreenMessage = { kind: 'evergreen', userId: 'ada', postId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', scheduledAt: '2026-12-01T08:30:00.000Z' };

describe('evergreen runs in a queue and function of their own (issue 15)', () => {
  it('go to the evergreen queue; every other message to the publish queue', () => {
    expect(queueOf(run)).toBe('evergreen');
    expect(queueOf(releaseWaitingMessage('ada'))).toBe('publish');
    expect(queueOf(publishMessageFor({ userId: 'ada', id: run.postId, scheduledAt: run.scheduledAt }))).toBe('publish');
  });

  it('locally, as in AWS, a sender reaches the queue of the message: each queue delivers to its own function', async () => {
    const clock = { now: () => new Date('2026-12-01T08:30:00.000Z') };
    const delivered: Record<string, string[]> = { publish: [], evergreen: [] };
    const queue = (name: 'publish' | 'evergreen') => {
      const q = new LocalPublishQueue({ name, clock, visibilityTimeoutSeconds: 60, maxReceiveCount: 3, log: () => undefined });
      q.setConsumer(async (event) => void delivered[name]!.push(...event.Records.map((r) => r.body)));
      return q;
    };
    const publish = queue('publish');
    const evergreen = queue('evergreen');
    const queues = new LocalQueues({ publish, evergreen });
    await queues.send(run);
    await queues.send(releaseWaitingMessage('ada'));
    await Promise.all([publish.poll(), evergreen.poll()]);
    expect(delivered).toEqual({ publish: [JSON.stringify(releaseWaitingMessage('ada'))], evergreen: [JSON.stringify(run)] });
  });

  it('the publisher hands an evergreen run left in its queue (from before the deploy) on to the evergreen queue, unchanged, and the record succeeds', async () => {
    const h = publisherHarness();
    const result = await createPublisher(h.deps)(sqsEvent([run]), lambdaContext('publisher', 60_000));
    expect(result.batchItemFailures).toEqual([]);
    expect(h.queue.sent.map((s) => s.message)).toEqual([run]);
  });

  it('the evergreen function fails a record that is not an evergreen run (it ends in the evergreen DLQ)', async () => {
    const worker = createEvergreenWorker({} as EvergreenDeps);
    const result = await worker(sqsEvent([releaseWaitingMessage('ada')]), lambdaContext('evergreen', 60_000));
    expect(result.batchItemFailures).toHaveLength(1);
  });
});
