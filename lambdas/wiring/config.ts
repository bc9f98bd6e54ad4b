import { AI_SETTINGS } from '../core/ai/ai-settings';
import { API_KEYS_PER_REGION, DEFAULT_API_KEY_BUDGET } from '../contract/usage-plans';
import type { OpenAiConfig } from '../adapters/openai/openai-writer';
import { ENV } from '../contract/environment';
import type { Env } from '../contract/environment';
import type { LinkedInConfig } from '../adapters/linkedin/linkedin-config';
import { LINKEDIN_API_VERSION, isLinkedInVersion } from '../contract/linkedin-version';

/**
 * Configuration by environment variable, with the same names in Lambda and on
 * a machine. In AWS the secret values (cursor key, LinkedIn and OpenAI
 * credentials) live in one Secrets Manager secret whose JSON keys are these
 * same variable names; `APP_SECRET_ARN` points at it and its values are merged
 * over the environment once per cold start.
 */

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
  const issuer = required(env, ENV.jwtIssuer);
  return {
    issuer,
    audience: required(env, ENV.jwtAudience),
    jwksUrl: optional(env, ENV.jwksUrl, `${issuer}/.well-known/jwks.json`),
  };
}

/** Dedicated API keys this stage may create (`API_KEY_BUDGET`; see contract/usage-plans.ts). */
export function apiKeyBudget(env: Env): number {
  return wholeNumber(env, ENV.apiKeyBudget, DEFAULT_API_KEY_BUDGET, 0, API_KEYS_PER_REGION);
}

/**
 * The AI provider: OPENAI_API_KEY (from the app secret in AWS), OPENAI_BASE_URL
 * (any OpenAI-compatible server), OPENAI_MODEL, and the time budget
 * OPENAI_TIMEOUT_MS and OPENAI_MAX_RETRIES (defaults in AI_SETTINGS).
 */
export function openAiConfig(env: Env): OpenAiConfig {
  const apiKey = env[ENV.openaiApiKey];
  return {
    apiKey: apiKey === undefined || apiKey === '' ? undefined : apiKey,
    baseURL: optional(env, ENV.openaiBaseUrl, AI_SETTINGS.defaultBaseUrl),
    model: optional(env, ENV.openaiModel, AI_SETTINGS.defaultModel),
    timeoutMs: wholeNumber(env, ENV.openaiTimeoutMs, AI_SETTINGS.providerBudgetMs, 1, AI_SETTINGS.providerBudgetMs),
    maxRetries: wholeNumber(env, ENV.openaiMaxRetries, AI_SETTINGS.maxRetries, 0, 5),
    maxRetryWaitMs: AI_SETTINGS.maxRetryWaitMs,
  };
}

function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = optional(env, name, String(fallback));
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`Invalid configuration: ${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

/** LINKEDIN_VERSION, else the version the code speaks (contract/linkedin-version.ts). */
export function linkedinVersion(env: Env): string {
  const version = optional(env, ENV.linkedinVersion, LINKEDIN_API_VERSION);
  if (!/^\d{6}$/.test(version) || !isLinkedInVersion(version)) throw new Error(`LINKEDIN_VERSION must be YYYYMM, got ${version}`);
  return version;
}

export function linkedinConfig(env: Env, timeoutMs: number): LinkedInConfig {
  const version = linkedinVersion(env);
  const config: LinkedInConfig = {
    authUrl: optional(env, ENV.linkedinAuthUrl, 'https://www.linkedin.com/oauth/v2').replace(/\/$/, ''),
    apiUrl: optional(env, ENV.linkedinApiUrl, 'https://api.linkedin.com').replace(/\/$/, ''),
    version,
    timeoutMs,
  };
  for (const [key, name] of [['clientId', ENV.linkedinClientId], ['clientSecret', ENV.linkedinClientSecret], ['redirectUri', ENV.linkedinRedirectUri]] as const) {
    const value = env[name];
    if (value) config[key] = value;
  }
  return config;
}

/** Base of a post's LinkedIn URL (the sandbox serves its own). */
export function linkedinPostUrlBase(env: Env): string {
  return optional(env, ENV.linkedinPostUrlBase, 'https://www.linkedin.com/feed/update/');
}

/** The web app's origins, comma-separated; the first holds the default landing page. */
export function webAppOrigins(env: Env): string[] {
  return required(env, ENV.webAppOrigins)
    .split(',')
    .map((origin) => origin.trim().replace(/\/$/, ''))
    .filter(Boolean);
}
