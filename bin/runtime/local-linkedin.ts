import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { linkedinConfig, linkedinPostUrlBase } from '@lambdas/wiring/config';
import { LinkedInHttpClient } from '@lambdas/adapters/linkedin/linkedin-http-client';
import { LinkedInAssetsClient } from '@lambdas/adapters/linkedin/linkedin-assets-client';
import { PUBLISHING } from '@lambdas/core/publishing/publishing-rules';
import { LinkedInSandbox } from './linkedin-sandbox/linkedin-sandbox';
import { ENV } from '@contract/environment';
import type { Env } from '@contract/environment';
import type { LinkedInConfig } from '@lambdas/adapters/linkedin/linkedin-config';

export interface LocalLinkedIn {
  /** The same HTTP adapter Lambda uses, pointed at LinkedIn or at the sandbox. */
  client: LinkedInHttpClient;
  /** LinkedIn's Images, Documents and Videos APIs through the same adapter as Lambda's. */
  assets: LinkedInAssetsClient;
  config: LinkedInConfig;
  /** Present when no LinkedIn credentials are configured. */
  sandbox?: LinkedInSandbox;
  postUrlBase: string;
  /** The runtime's callback URL, known once it listens (the OAuth redirect_uri). */
  setCallbackUrl(url: string): void;
  stop(): Promise<void>;
}

/**
 * LinkedIn for the local runtime. With LINKEDIN_CLIENT_ID and
 * LINKEDIN_CLIENT_SECRET set, the real LinkedIn (or whatever LINKEDIN_AUTH_URL /
 * LINKEDIN_API_URL name), with the runtime's own callback as redirect URI (add
 * it to the LinkedIn app). Without them, a sandbox LinkedIn on loopback, said
 * loudly in the log and in /config.json.
 */
export async function startLocalLinkedIn(input: {
  env: Env;
  dataDir?: string;
  log: (line: string) => void;
  timeoutMs?: number;
  /** The sandbox's video part size (LinkedIn's 4 MiB unless a test makes it small). */
  videoPartBytes?: number;
}): Promise<LocalLinkedIn> {
  const timeoutMs = input.timeoutMs ?? PUBLISHING.linkedinTimeoutMs;
  if (input.env[ENV.linkedinClientId] && input.env[ENV.linkedinClientSecret]) {
    const config = linkedinConfig(input.env, timeoutMs);
    return {
      client: new LinkedInHttpClient(config),
      assets: new LinkedInAssetsClient(config),
      config,
      postUrlBase: linkedinPostUrlBase(input.env),
      setCallbackUrl(url) {
        config.redirectUri = url;
        input.log(`[mark0] LinkedIn app ${config.clientId} at ${config.authUrl}; its redirect URL must be ${url}`);
      },
      stop: async () => undefined,
    };
  }

  const clientId = 'mark0-sandbox';
  const clientSecret = randomBytes(24).toString('base64url');
  const sandbox = new LinkedInSandbox({
    clientId,
    clientSecret,
    redirectUris: [],
    ...(input.dataDir ? { stateFile: resolve(input.dataDir, 'linkedin-sandbox.json'), assetDir: resolve(input.dataDir, 'linkedin-sandbox-assets') } : {}),
    ...(input.videoPartBytes ? { videoPartBytes: input.videoPartBytes } : {}),
    log: input.log,
  });
  await sandbox.start();
  const config = linkedinConfig(
    { ...input.env, LINKEDIN_CLIENT_ID: clientId, LINKEDIN_CLIENT_SECRET: clientSecret, LINKEDIN_AUTH_URL: sandbox.authUrl, LINKEDIN_API_URL: sandbox.apiUrl },
    timeoutMs,
  );
  input.log(`[mark0] SANDBOX LinkedIn on ${sandbox.url}: no LINKEDIN_CLIENT_ID/LINKEDIN_CLIENT_SECRET set, so nothing is posted to linkedin.com.`);
  return {
    client: new LinkedInHttpClient(config),
    assets: new LinkedInAssetsClient(config),
    config,
    sandbox,
    postUrlBase: sandbox.postUrlBase,
    setCallbackUrl(url) {
      config.redirectUri = url;
      sandbox.registerRedirectUri(url);
    },
    stop: () => sandbox.stop(),
  };
}
