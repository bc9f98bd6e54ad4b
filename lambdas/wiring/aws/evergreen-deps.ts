import { openAiConfig, required } from '../config';
import { DynamoUsageStore } from '../../adapters/dynamodb/usage-store';
import { DynamoVoiceStore } from '../../adapters/dynamodb/voice-store';
import { createAiWriter } from '../../adapters/openai/openai-writer';
import { systemClock } from '../../adapters/system-clock';
import { ENV } from '../../contract/environment';
import type { EvergreenDeps } from '../../core/queue/evergreen';
import { connectionStore, db, env, postStore, queueStore, userStore, type Warn } from './aws-deps';
import { postSchedulerFrom } from './post-scheduler';
import { publishQueueFrom } from './publish-queue';

/**
 * What the publisher needs for an evergreen post's run: the queue's stores, the scheduler (the
 * next run, and queueing the reworded draft) and the AI writer. Loaded by the publisher on its
 * first evergreen record only (a dynamic import), so publishing posts pays nothing for the OpenAI SDK.
 */
export async function evergreenDeps(warn: Warn): Promise<EvergreenDeps> {
  const e = await env();
  return {
    posts: await postStore(false),
    connections: await connectionStore(),
    users: await userStore(),
    queueStore: await queueStore(),
    clock: systemClock,
    scheduler: postSchedulerFrom(e, warn),
    queue: publishQueueFrom(e),
    writer: createAiWriter(openAiConfig(e)),
    voices: new DynamoVoiceStore(db(), required(e, ENV.tableName)),
    usage: new DynamoUsageStore(db(), required(e, ENV.tableName)),
  };
}
