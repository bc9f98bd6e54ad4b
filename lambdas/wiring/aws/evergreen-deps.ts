import { openAiConfig, required } from '../config';
import { DynamoUsageStore } from '../../adapters/dynamodb/usage-store';
import { DynamoVoiceStore } from '../../adapters/dynamodb/voice-store';
import { createAiWriter } from '../../adapters/openai/openai-writer';
import { systemClock } from '../../adapters/system-clock';
import { ENV } from '../../contract/environment';
import type { EvergreenDeps } from '../../core/queue/evergreen';
import { accountReader, db, postStore, queueStore, userStore, type Warn } from './aws-deps';
import { secretEnv } from './secret-env';
import { postSchedulerFrom } from './post-scheduler';

/**
 * The evergreen function: the queue's stores, the scheduler (the next run on the evergreen queue,
 * and the reworded draft's slot on the publish queue), the app secret (the OpenAI key) and the AI
 * writer (a fetch client).
 */
export async function evergreenDeps(warn: Warn): Promise<EvergreenDeps> {
  const e = await secretEnv(); // the OpenAI key is in the app secret
  return {
    posts: await postStore(),
    accounts: await accountReader(),
    users: await userStore(),
    queueStore: await queueStore(),
    clock: systemClock,
    scheduler: postSchedulerFrom(e, warn),
    writer: createAiWriter(openAiConfig(e)),
    voices: new DynamoVoiceStore(db(), required(e, ENV.tableName)),
    usage: new DynamoUsageStore(db(), required(e, ENV.tableName)),
  };
}
