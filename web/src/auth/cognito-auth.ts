import { calculatePKCECodeChallenge, generateRandomCodeVerifier, generateRandomState } from 'oauth4webapi';
import type { AuthConfig } from '../config/runtime-config';
import { readTokenClaims } from './jwt-claims';
import type { Session } from './session';

export type CognitoConfig = Extract<AuthConfig, { type: 'cognito' }>;

const DEFAULT_SCOPES = ['openid', 'email', 'profile'];
const PENDING_KEY = 'mark0.oauth.pending';

/** What the browser remembers between leaving for the hosted UI and coming back. */
interface PendingSignIn {
  state: string;
  verifier: string;
  /** Path + query to return to after sign-in (e.g. /?status=published). */
  returnTo: string;
}

export class CognitoSignInError extends Error {
  override name = 'CognitoSignInError';
}

/**
 * Starts the authorization-code + PKCE flow (RFC 7636, S256): remembers a fresh
 * verifier and state for this tab (sessionStorage) and returns the hosted-UI
 * URL to open. The browser sends only the verifier's SHA-256 challenge here and
 * proves possession when it trades the code at /oauth2/token; no client secret
 * exists. Verifier, state and challenge come from oauth4webapi; why the token
 * calls below stay ours is in web/README.md ("Libraries, and what stays ours").
 */
export async function beginCognitoSignIn(config: CognitoConfig, returnTo: string, storage: Storage = sessionStorage): Promise<string> {
  const pending: PendingSignIn = { state: generateRandomState(), verifier: generateRandomCodeVerifier(), returnTo };
  storage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(`${config.domain}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: (config.scopes ?? DEFAULT_SCOPES).join(' '),
    state: pending.state,
    code_challenge: await calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

/** True when this page load is the hosted UI sending the browser back (with a code or an error). */
export function isCognitoCallback(url: URL): boolean {
  return url.searchParams.has('state') && (url.searchParams.has('code') || url.searchParams.has('error'));
}

/**
 * Finishes the flow on the redirect back: checks `state`, trades the code and
 * the verifier for tokens at /oauth2/token, and returns the session plus where
 * to go next. Throws CognitoSignInError with a message for the user.
 */
export async function completeCognitoSignIn(
  config: CognitoConfig,
  url: URL,
  { storage = sessionStorage, fetchImpl = fetch, now = Date.now }: { storage?: Storage; fetchImpl?: typeof fetch; now?: () => number } = {},
): Promise<{ session: Session; returnTo: string }> {
  const pending = readPending(storage);
  storage.removeItem(PENDING_KEY);
  const error = url.searchParams.get('error');
  if (error) {
    throw new CognitoSignInError(url.searchParams.get('error_description') || `Sign-in was not completed (${error}).`);
  }
  if (!pending || pending.state !== url.searchParams.get('state')) {
    throw new CognitoSignInError('This sign-in link is not from this browser tab or has already been used. Sign in again.');
  }
  const tokens = await tokenRequest(
    config,
    {
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code: url.searchParams.get('code') ?? '',
      redirect_uri: config.redirectUri,
      code_verifier: pending.verifier,
    },
    fetchImpl,
  );
  if (!tokens.refresh_token) throw new CognitoSignInError('Sign-in returned no refresh token. Sign in again.');
  return { session: toSession(tokens, tokens.refresh_token, now), returnTo: pending.returnTo };
}

/** Trades the refresh token for a new id_token; undefined when the refresh token no longer works. */
export async function refreshCognitoSession(
  config: CognitoConfig,
  session: Session,
  { fetchImpl = fetch, now = Date.now }: { fetchImpl?: typeof fetch; now?: () => number } = {},
): Promise<Session | undefined> {
  if (!session.refreshToken) return undefined;
  try {
    const tokens = await tokenRequest(config, { grant_type: 'refresh_token', client_id: config.clientId, refresh_token: session.refreshToken }, fetchImpl);
    // Cognito keeps the same refresh token unless rotation is on, in which case it sends a new one.
    return toSession(tokens, tokens.refresh_token ?? session.refreshToken, now);
  } catch {
    return undefined;
  }
}

/**
 * Ends the session at Cognito: revokes the refresh token (best effort) and
 * returns the hosted-UI logout URL, which clears Cognito's own cookie and
 * sends the browser back to the app.
 */
export async function cognitoSignOutUrl(config: CognitoConfig, session: Session | undefined, fetchImpl: typeof fetch = fetch): Promise<string> {
  if (session?.refreshToken) {
    try {
      await fetchImpl(`${config.domain}/oauth2/revoke`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: session.refreshToken, client_id: config.clientId }).toString(),
      });
    } catch {
      // Revocation is a courtesy; the local session is cleared whatever happens.
    }
  }
  const url = new URL(`${config.domain}/logout`);
  url.search = new URLSearchParams({ client_id: config.clientId, logout_uri: config.redirectUri }).toString();
  return url.toString();
}

interface TokenResponse {
  id_token: string;
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
}

async function tokenRequest(config: CognitoConfig, form: Record<string, string>, fetchImpl: typeof fetch): Promise<TokenResponse> {
  let response: Response;
  try {
    response = await fetchImpl(`${config.domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
    });
  } catch {
    throw new CognitoSignInError('Could not reach the sign-in service. Check your connection and try again.');
  }
  const body = (await response.json().catch(() => ({}))) as Partial<TokenResponse> & { error?: string; error_description?: string };
  if (!response.ok || typeof body.id_token !== 'string') {
    throw new CognitoSignInError(
      body.error === 'invalid_grant'
        ? 'This sign-in has expired. Sign in again.'
        : body.error_description || `Sign-in failed (${body.error ?? `HTTP ${response.status}`}).`,
    );
  }
  return body as TokenResponse;
}

function toSession(tokens: TokenResponse, refreshToken: string, now: () => number): Session {
  const exp = readTokenClaims(tokens.id_token).exp;
  const expiresAt = exp ? exp * 1000 : now() + (tokens.expires_in ?? 3600) * 1000;
  return { token: tokens.id_token, expiresAt, refreshToken };
}

function readPending(storage: Storage): PendingSignIn | undefined {
  try {
    const value = JSON.parse(storage.getItem(PENDING_KEY) ?? 'null') as PendingSignIn | null;
    return value && typeof value.state === 'string' && typeof value.verifier === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
