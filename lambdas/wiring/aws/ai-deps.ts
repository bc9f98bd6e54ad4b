
import { openAiConfig, required } from '../config';
import { DynamoUsageStore } from '../../adapters/dynamodb/usage-store';
import { DynamoVoiceStore } from '../../adapters/dynamodb/voice-store';
import { createAiWriter } from '../../adapters/openai/openai-writer';
import { db, metering } from './aws-deps';
import { secretEnv } from './secret-env';
import { systemClock } from '../../adapters/system-clock';
import { ENV } from '../../contract/environment';

/**
 * The ai function's composition root, apart from aws-deps.ts because the
 * OpenAI SDK is not marked side-effect free: imported from there, esbuild
 * would put its ~150 KB into every function's bundle (cold-start time).
 */
export async function aiDeps() {
  const e = await secretEnv();
  const tableName = required(e, ENV.tableName);
  return {
    writer: createAiWriter(openAiConfig(e)),
    usage: new DynamoUsageStore(db(), tableName),
    voices: new DynamoVoiceStore(db(), tableName),
    ...(await metering()),
    clock: systemClock,
  };
}
