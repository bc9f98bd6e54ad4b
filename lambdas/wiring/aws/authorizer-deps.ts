import { apiKeyBudget, identityConfig, required } from '../config';
import { DynamoApiKeyRegistry } from '../../adapters/dynamodb/api-key-registry';
import { DynamoMailSettingsReader } from '../../adapters/dynamodb/mail-settings-reader';
import { DynamoMailSuppressionList } from '../../adapters/dynamodb/mail-suppression-list';
import { AwsApiKeyProvisioner } from '../../adapters/aws/api-gateway-keys';
import { JwtVerifier } from '../../adapters/jwt-verifier';
import { systemClock } from '../../adapters/system-clock';
import { auditLog, db, env, userStore } from './aws-deps';
import { ENV } from '../../contract/environment';

/**
 * The authorizer's composition root, apart from aws-deps.ts like ai-deps.ts:
 * only the authorizer talks to API Gateway's control plane, and imported from
 * aws-deps.ts its SDK client would land in every function's bundle.
 */
export async function authorizerDeps() {
  const e = await env();
  return {
    users: await userStore(),
    mailSettings: new DynamoMailSettingsReader(db(), required(e, ENV.tableName)),
    suppression: new DynamoMailSuppressionList(db(), required(e, ENV.tableName)),
    audit: await auditLog(),
    clock: systemClock,
    verifier: new JwtVerifier(identityConfig(e)),
    apiKeys: {
      provisioner: new AwsApiKeyProvisioner({ resourcePrefix: required(e, ENV.apiResourcePrefix) }),
      registry: new DynamoApiKeyRegistry(db(), required(e, ENV.tableName)),
      keyBudget: apiKeyBudget(e),
    },
  };
}
