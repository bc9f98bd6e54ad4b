import { KMSClient } from '@aws-sdk/client-kms';
import { PUBLISHING } from '../../core/publishing/publishing-rules';
import { linkedinConfig, required, webAppOrigins } from '../app-config';
import { DynamoOAuthStateStore } from '../dynamodb/oauth-state-store';
import { LinkedInHttpClient } from '../linkedin/linkedin-http-client';
import { auditLog, connectionStore, db, env, metering } from './aws-deps';
import { KmsTokenCipher } from './kms-token-cipher';

/** The LinkedIn function: the table, LinkedIn's OAuth endpoints, and KMS to encrypt the token. */
export async function linkedinDeps() {
  const e = await env();
  return {
    connections: await connectionStore(),
    states: new DynamoOAuthStateStore(db(), required(e, 'TABLE_NAME')),
    linkedin: new LinkedInHttpClient(linkedinConfig(e, PUBLISHING.linkedinTimeoutMs)),
    cipher: new KmsTokenCipher(new KMSClient({}), required(e, 'TOKEN_KEY_ARN')),
    audit: await auditLog(),
    web: { origins: webAppOrigins(e), defaultPath: '/settings' },
    ...(await metering()),
  };
}
