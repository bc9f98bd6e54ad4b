import { AwsApi } from '../../adapters/aws/aws-api';
import { PUBLISHING } from '../../core/publishing/publishing-rules';

import { linkedinConfig, linkedinPostUrlBase, required } from '../config';
import { LinkedInHttpClient } from '../../adapters/linkedin/linkedin-http-client';
import { auditLog, connectionStore, env, postStore, queueStore, type Warn } from './aws-deps';
import type { EvergreenDeps } from '../../core/queue/evergreen';
import { evergreenDeps } from './evergreen-deps';
import { EventBridgeEventPublisher } from '../../adapters/aws/eventbridge-event-publisher';
import { KmsTokenCipher } from '../../adapters/aws/kms-token-cipher';

import { systemClock } from '../../adapters/system-clock';
import { ENV } from '../../contract/environment';
import { publishQueueFrom } from './publish-queue';
import { LinkedInAssetsClient } from '../../adapters/linkedin/linkedin-assets-client';
import { mediaStorage, mediaStore } from './media-storage';

/**
 * The publisher: the table, KMS (decrypt), LinkedIn's Posts and media APIs, the media bucket (read), the event bus,
 * the queue (early messages go back), and for evergreen runs the scheduler, the app secret and OpenAI (evergreen-deps.ts, built on
 * the first evergreen record; imported statically: a dynamic import() kept the DynamoDB client's whole aggregated API in the bundle).
 */
export async function publisherDeps(warn: Warn) {
  const e = await env();
  const linkedin = linkedinConfig(e, PUBLISHING.linkedinTimeoutMs);
  return {
    posts: await postStore(),
    connections: await connectionStore(),
    cipher: new KmsTokenCipher(new AwsApi({ service: 'kms' }), required(e, ENV.tokenKeyArn)),
    linkedin: new LinkedInHttpClient(linkedin),
    media: { media: mediaStore(e), storage: mediaStorage(e), assets: new LinkedInAssetsClient(linkedin) },
    events: new EventBridgeEventPublisher(new AwsApi({ service: 'events' }), required(e, ENV.eventBusName), warn),
    audit: await auditLog(),
    queue: publishQueueFrom(e),
    clock: systemClock,
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    postUrlBase: linkedinPostUrlBase(e),
    schedules: await queueStore(),
    // The first evergreen record reads the app secret (the OpenAI key); post records never do.
    evergreen: () => (evergreen ??= evergreenDeps(warn).catch((error: unknown) => {
      evergreen = undefined; // retried on the next evergreen record
      throw error;
    })),
  };
}

let evergreen: Promise<EvergreenDeps> | undefined;

