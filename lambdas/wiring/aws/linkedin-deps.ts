import { KMSClient } from '@aws-sdk/client-kms';
import { PUBLISHING } from '../../core/publishing/publishing-rules';
import { linkedinConfig, required, webAppOrigins } from '../config';
import { DynamoOAuthStateStore } from '../../adapters/dynamodb/oauth-state-store';
import { LinkedInHttpClient } from '../../adapters/linkedin/linkedin-http-client';
import { auditLog, connectionStore, db, env, metering } from './aws-deps';
import { KmsTokenCipher } from '../../adapters/aws/kms-token-cipher';
import { ENV } from '../../contract/environment';
import { publishQueueFrom } from './publish-queue';

/** The LinkedIn function: the table, LinkedIn's OAuth endpoints, KMS to encrypt the token, and the publish queue (a reconnect releases waiting posts). */
export async function linkedinDeps() {
  const e = await env();
  return {
    connections: await connectionStore(),
    states: new DynamoOAuthStateStore(db(), required(e, ENV.tableName)),
    linkedin: new LinkedInHttpClient(linkedinConfig(e, PUBLISHING.linkedinTimeoutMs)),
    cipher: new KmsTokenCipher(new KMSClient({}), required(e, ENV.tokenKeyArn)),
    audit: await auditLog(),
    web: { origins: webAppOrigins(e), defaultPath: '/settings' },
    queue: publishQueueFrom(e),
    ...(await metering()),
  };
}
