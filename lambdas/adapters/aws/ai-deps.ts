import { systemClock } from '../../ports/clock';
import { openAiConfig, required } from '../app-config';
import { DynamoUsageStore } from '../dynamodb/usage-store';
import { DynamoVoiceStore } from '../dynamodb/voice-store';
import { createAiWriter } from '../openai/openai-writer';
import { db, env, metering } from './aws-deps';

/**
 * The ai function's composition root, apart from aws-deps.ts because the
 * OpenAI SDK is not marked side-effect free: imported from there, esbuild
 * would put its ~150 KB into every function's bundle (cold-start time).
 */
export async function aiDeps() {
  const e = await env();
  const tableName = required(e, 'TABLE_NAME');
  return {
    writer: createAiWriter(openAiConfig(e)),
    usage: new DynamoUsageStore(db(), tableName),
    voices: new DynamoVoiceStore(db(), tableName),
    ...(await metering()),
    clock: systemClock,
  };
}
