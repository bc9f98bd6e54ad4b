/**
 * Configuration by environment variable, with the same names in Lambda and on
 * a machine. In AWS the secret values (cursor key, LinkedIn and OpenAI
 * credentials) live in one Secrets Manager secret whose JSON keys are these
 * same variable names; `APP_SECRET_ARN` points at it and its values are merged
 * over the environment once per cold start.
 */
import { API_KEYS_PER_REGION, DEFAULT_API_KEY_BUDGET } from '../core/usage-plans';

export type Env = Record<string, string | undefined>;

export function required(env: Env, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`Missing configuration: set the environment variable ${name}`);
  return value;
}

export function optional(env: Env, name: string, fallback: string): string {
  const value = env[name];
  return value === undefined || value === '' ? fallback : value;
}

export interface IdentityConfig {
  issuer: string;
  audience: string;
  jwksUrl: string;
}

export function identityConfig(env: Env): IdentityConfig {
  const issuer = required(env, 'JWT_ISSUER');
  return {
    issuer,
    audience: required(env, 'JWT_AUDIENCE'),
    jwksUrl: optional(env, 'JWKS_URL', `${issuer}/.well-known/jwks.json`),
  };
}

/** Dedicated API keys this stage may create (`API_KEY_BUDGET`; see core/usage-plans.ts). */
export function apiKeyBudget(env: Env): number {
  const value = Number(optional(env, 'API_KEY_BUDGET', String(DEFAULT_API_KEY_BUDGET)));
  if (!Number.isInteger(value) || value < 0 || value > API_KEYS_PER_REGION) {
    throw new Error(`API_KEY_BUDGET must be a whole number from 0 to ${API_KEYS_PER_REGION}, got "${env['API_KEY_BUDGET']}"`);
  }
  return value;
}
