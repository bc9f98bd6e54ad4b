import { apiKeyBudget, required } from '../app-config';
import { DynamoApiKeyRegistry } from '../dynamodb/api-key-registry';
import { AwsApiKeyProvisioner } from './api-gateway-keys';
import { db, env, identityDeps } from './aws-deps';

/**
 * The authorizer's composition root, apart from aws-deps.ts like ai-deps.ts:
 * only the authorizer talks to API Gateway's control plane, and imported from
 * aws-deps.ts its SDK client would land in every function's bundle.
 */
export async function authorizerDeps() {
  const e = await env();
  return {
    ...(await identityDeps()),
    apiKeys: {
      provisioner: new AwsApiKeyProvisioner({ resourcePrefix: required(e, 'API_RESOURCE_PREFIX') }),
      registry: new DynamoApiKeyRegistry(db(), required(e, 'TABLE_NAME')),
      keyBudget: apiKeyBudget(e),
    },
  };
}
