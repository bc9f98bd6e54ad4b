import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

import { ENV } from '../../contract/environment';
import type { Env } from '../../contract/environment';

/**
 * The environment with the app secret's JSON values merged over it. Called once
 * per cold start (the result is memoized by the caller), so Secrets Manager sees
 * one request per new execution environment, not one per invocation.
 */
export async function environmentWithSecrets(env: Env = process.env): Promise<Env> {
  const secretArn = env[ENV.appSecretArn];
  if (!secretArn) return env;
  const client = new SecretsManagerClient({});
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  const values = JSON.parse(SecretString ?? '{}') as Record<string, unknown>;
  const merged: Env = { ...env };
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'string' && value !== '') merged[key] = value;
  }
  return merged;
}
