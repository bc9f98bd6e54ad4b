import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { PUBLISHING } from '../../core/publishing/publishing-rules';
import { systemClock } from '../../ports/clock';
import { linkedinConfig, required } from '../app-config';
import { LinkedInHttpClient } from '../linkedin/linkedin-http-client';
import { auditLog, connectionStore, env, postStore, type Warn } from './aws-deps';
import { EventBridgeEventPublisher } from './eventbridge-event-publisher';
import { KmsTokenCipher } from './kms-token-cipher';
import { publishQueueFrom } from './sqs-publish-queue';

/** The publisher: the table, KMS (decrypt), LinkedIn's Posts API, the event bus, and the queue (early messages go back). */
export async function publisherDeps(warn: Warn) {
  const e = await env();
  return {
    posts: await postStore(false),
    connections: await connectionStore(),
    cipher: new KmsTokenCipher(new KMSClient({}), required(e, 'TOKEN_KEY_ARN')),
    linkedin: new LinkedInHttpClient(linkedinConfig(e, PUBLISHING.linkedinTimeoutMs)),
    events: new EventBridgeEventPublisher(new EventBridgeClient({}), required(e, 'EVENT_BUS_NAME'), warn),
    audit: await auditLog(),
    queue: publishQueueFrom(e),
    clock: systemClock,
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  };
}

