/**
 * Configuration by environment variable, with the same names in Lambda and on
 * a machine. In AWS the secret values (cursor key, LinkedIn and OpenAI
 * credentials) live in one Secrets Manager secret whose JSON keys are these
 * same variable names; `APP_SECRET_ARN` points at it and its values are merged
 * over the environment once per cold start.
 */
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
