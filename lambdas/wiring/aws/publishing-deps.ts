import { AwsApi } from '../../adapters/aws/aws-api';
import { PUBLISHING } from '../../core/publishing/publishing-rules';

import { linkedinConfig, linkedinPostUrlBase, required } from '../config';
import { LinkedInHttpClient } from '../../adapters/linkedin/linkedin-http-client';
import { auditLog, connectionStore, env, postStore, queueStore, type Warn } from './aws-deps';
import { EventBridgeEventPublisher } from '../../adapters/aws/eventbridge-event-publisher';
import { KmsTokenCipher } from '../../adapters/aws/kms-token-cipher';

import { systemClock } from '../../adapters/system-clock';
import { ENV } from '../../contract/environment';
import { publishQueueFrom } from './publish-queue';
import { LinkedInAssetsClient } from '../../adapters/linkedin/linkedin-assets-client';
import { mediaStorage, mediaStore } from './media-storage';

/**
 * The publisher: the table, KMS (decrypt), LinkedIn's Posts and media APIs, the media bucket (read), the event bus,
 * the queue (early messages go back; an evergreen run left in it from before the evergreen queue goes on to that queue).
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
  };
}

