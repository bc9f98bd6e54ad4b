
import { env, postStore } from './aws-deps';

import { systemClock } from '../../adapters/system-clock';
import { publishQueueFrom } from './publish-queue';

/** The reconciler: reads the due index, sends to the queue (and needs no KMS, bus or LinkedIn). */
export async function reconcilerDeps() {
  return { posts: await postStore(), queue: publishQueueFrom(await env()), clock: systemClock };
}
