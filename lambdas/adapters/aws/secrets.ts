import { AwsApi } from './aws-api';
import { ENV } from '../../contract/environment';
import type { Env } from '../../contract/environment';

/**
 * The environment with the app secret's JSON values merged over it. Called once
 * per cold start (the result is memoized by the caller), so Secrets Manager sees
 * one request per new execution environment, not one per invocation.
 */
export async function environmentWithSecrets(env: Env = process.env, secrets: Pick<AwsApi, 'json'> = new AwsApi({ service: 'secretsmanager' })): Promise<Env> {
  const secretArn = env[ENV.appSecretArn];
  if (!secretArn) return env;
  const { SecretString } = await secrets.json<{ SecretString?: string }>('secretsmanager', '1.1', 'GetSecretValue', { SecretId: secretArn });
  const values = JSON.parse(SecretString ?? '{}') as Record<string, unknown>;
  const merged: Env = { ...env };
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'string' && value !== '') merged[key] = value;
  }
  return merged;
}
