/**
 * The app's runtime settings, read from /config.json when the page loads —
 * never baked into the bundle, so one build serves the local runtime and every
 * AWS stage (CDK writes config.json next to the build).
 */
export type AuthConfig =
  | { type: 'local' }
  | {
      type: 'cognito';
      /** Hosted UI base, e.g. https://mark0.auth.eu-west-1.amazoncognito.com */
      domain: string;
      clientId: string;
      /** Where the hosted UI sends the browser back to; registered on the app client. */
      redirectUri: string;
      /** OAuth scopes to ask for; defaults to openid email profile. */
      scopes?: string[];
    };

export interface RuntimeConfig {
  mode: 'local' | 'aws';
  /** Base URL of the API without a trailing slash; '' means the same origin. */
  apiUrl: string;
  auth: AuthConfig;
  /**
   * Which providers are local stand-ins (the runtime starts them without real
   * credentials): the UI labels them so nobody mistakes a sandbox post or AI
   * draft for the real thing. Always false in AWS.
   */
  sandbox: { linkedin: boolean; openai: boolean; mail: boolean; mailOutboxUrl?: string };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Checks an untrusted config.json value and returns it normalised, or throws ConfigError naming the bad field. */
export function parseRuntimeConfig(value: unknown): RuntimeConfig {
  const root = asObject(value, 'config.json');
  const mode = root['mode'];
  if (mode !== 'local' && mode !== 'aws') throw new ConfigError('config.json: "mode" must be "local" or "aws".');
  const apiUrl = root['apiUrl'] ?? '';
  if (typeof apiUrl !== 'string') throw new ConfigError('config.json: "apiUrl" must be a string.');
  if (apiUrl !== '' && !isHttpUrl(apiUrl)) throw new ConfigError('config.json: "apiUrl" must be an http(s) URL or empty.');

  const sandbox = parseSandbox(root['sandbox']);
  const auth = asObject(root['auth'], 'config.json: "auth"');
  if (auth['type'] === 'local') return { mode, apiUrl: trimSlash(apiUrl), auth: { type: 'local' }, sandbox };
  if (auth['type'] !== 'cognito') throw new ConfigError('config.json: "auth.type" must be "local" or "cognito".');
  const domain = requireUrl(auth, 'domain');
  const redirectUri = requireUrl(auth, 'redirectUri');
  const clientId = auth['clientId'];
  if (typeof clientId !== 'string' || clientId === '') throw new ConfigError('config.json: "auth.clientId" must be a non-empty string.');
  const scopes = auth['scopes'];
  if (scopes !== undefined && !(Array.isArray(scopes) && scopes.every((s) => typeof s === 'string'))) {
    throw new ConfigError('config.json: "auth.scopes" must be a list of strings.');
  }
  return {
    mode,
    apiUrl: trimSlash(apiUrl),
    auth: { type: 'cognito', domain: trimSlash(domain), clientId, redirectUri, ...(scopes ? { scopes: scopes as string[] } : {}) },
    sandbox,
  };
}

/** Absent (an older runtime) means no sandbox; present, both flags must be booleans. */
function parseSandbox(value: unknown): RuntimeConfig['sandbox'] {
  if (value === undefined) return { linkedin: false, openai: false, mail: false };
  const sandbox = asObject(value, 'config.json: "sandbox"');
  const flag = (name: 'linkedin' | 'openai' | 'mail') => {
    const flagValue = sandbox[name] ?? false;
    if (typeof flagValue !== 'boolean') throw new ConfigError(`config.json: "sandbox.${name}" must be true or false.`);
    return flagValue;
  };
  const outbox = sandbox['mailOutboxUrl'];
  if (outbox !== undefined && !(typeof outbox === 'string' && isHttpUrl(outbox))) throw new ConfigError('config.json: "sandbox.mailOutboxUrl" must be an http(s) URL.');
  return { linkedin: flag('linkedin'), openai: flag('openai'), mail: flag('mail'), ...(outbox ? { mailOutboxUrl: outbox } : {}) };
}

/** Fetches and checks /config.json (never from cache: a deploy may have changed it). */
export async function loadRuntimeConfig(fetchImpl: typeof fetch = fetch): Promise<RuntimeConfig> {
  let response: Response;
  try {
    response = await fetchImpl('/config.json', { cache: 'no-store', headers: { Accept: 'application/json' } });
  } catch {
    throw new ConfigError('Could not reach Mark.0 to load its settings. Check your connection and reload the page.');
  }
  if (!response.ok) throw new ConfigError(`Could not load the app settings (/config.json answered ${response.status}).`);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new ConfigError('The app settings (/config.json) are not valid JSON.');
  }
  return parseRuntimeConfig(json);
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${what} must be an object.`);
  return value as Record<string, unknown>;
}

function requireUrl(auth: Record<string, unknown>, field: string): string {
  const value = auth[field];
  if (typeof value !== 'string' || !isHttpUrl(value)) throw new ConfigError(`config.json: "auth.${field}" must be an http(s) URL.`);
  return value;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
