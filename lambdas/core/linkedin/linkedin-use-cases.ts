import { RETENTION_DAYS } from '../retention';
import type { AuditLog } from '../../ports/audit-log';
import type { Clock } from '../../ports/clock';
import type { LinkedInClient } from '../../ports/linkedin-client';
import { LinkedInRequestError } from '../../ports/linkedin-client';
import type { LinkedInConnectionStore } from '../../ports/linkedin-connection-store';
import type { OAuthStateStore } from '../../ports/oauth-state-store';
import type { TokenCipher } from '../../ports/token-cipher';
import { LINKEDIN_POSTING_SCOPE, LINKEDIN_SCOPES, memberUrnFor, toLinkedInView, type LinkedInView } from './connection';
import { STATE_PATTERN, type CallbackQuery, type ConnectInput } from './linkedin-input';
import { defaultReturnTo, resolveReturnTo, withOutcome, type WebOrigins } from './return-to';

export interface LinkedInDeps {
  connections: LinkedInConnectionStore;
  states: OAuthStateStore;
  linkedin: LinkedInClient;
  cipher: TokenCipher;
  audit: AuditLog;
  clock: Clock;
  web: WebOrigins;
}

/** 256 bits from the platform's CSPRNG (Web Crypto, in Node and browsers alike), as hex. */
export function newOAuthState(): string {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Step 1: a single-use state bound to the user, and LinkedIn's consent page URL carrying it. */
export async function startConnection(deps: LinkedInDeps, userId: string, input: ConnectInput): Promise<{ authorizationUrl: string }> {
  const returnTo = resolveReturnTo(input.returnTo, deps.web);
  const now = deps.clock.now();
  const state = newOAuthState();
  await deps.states.save({
    state,
    userId,
    returnTo,
    expiresAt: new Date(now.getTime() + RETENTION_DAYS.oauthStateMinutes * 60_000).toISOString(),
  });
  return { authorizationUrl: deps.linkedin.authorizationUrl({ state, scopes: LINKEDIN_SCOPES }) };
}

export type CallbackResult =
  | { location: string; connected: true; userId: string; memberUrn: string }
  /** `cause`: an unexpected error for the log (the user only sees `message`). */
  | { location: string; connected: false; userId?: string; message: string; cause?: unknown };

/**
 * Step 2, LinkedIn's redirect back: consume the state (once), trade the code
 * for a token, learn who the member is, store the token encrypted, and send the
 * browser back to the app. Every outcome is a redirect with a message; none is
 * an error page.
 */
export async function completeConnection(deps: LinkedInDeps, query: CallbackQuery): Promise<CallbackResult> {
  const fail = (returnTo: string, message: string, extra: { userId?: string; cause?: unknown } = {}): CallbackResult => ({
    location: withOutcome(returnTo, { error: message }),
    connected: false,
    message,
    ...extra,
  });
  const fallback = defaultReturnTo(deps.web);
  const restart = 'Start again with Connect LinkedIn.';
  if (!query.state || !STATE_PATTERN.test(query.state)) return fail(fallback, `This LinkedIn sign-in link is not valid. ${restart}`);

  const record = await deps.states.consume(query.state);
  if (!record) return fail(fallback, `This LinkedIn sign-in link was already used or has expired. ${restart}`);
  const { userId, returnTo } = record;
  const now = deps.clock.now();
  if (Date.parse(record.expiresAt) <= now.getTime()) {
    return fail(returnTo, `This LinkedIn sign-in link has expired (they last ${RETENTION_DAYS.oauthStateMinutes} minutes). ${restart}`, { userId });
  }
  if (query.error) {
    const cancelled = query.error === 'user_cancelled_authorize' || query.error === 'user_cancelled_login';
    return fail(returnTo, cancelled ? 'You cancelled the LinkedIn connection; nothing was changed.' : `LinkedIn did not connect your account: ${query.error_description || query.error}.`, { userId });
  }
  if (!query.code) return fail(returnTo, `LinkedIn sent no authorization code. ${restart}`, { userId });

  try {
    const token = await deps.linkedin.exchangeCode(query.code);
    if (!token.scope.split(/[\s,]+/).includes(LINKEDIN_POSTING_SCOPE)) {
      return fail(returnTo, `LinkedIn did not give Mark.0 permission to post for you. ${restart}`, { userId });
    }
    const member = await deps.linkedin.userInfo(token.accessToken);
    const memberUrn = memberUrnFor(member.sub);
    await deps.connections.save({
      userId,
      memberUrn,
      name: member.name,
      pictureUrl: member.pictureUrl,
      encryptedAccessToken: await deps.cipher.encrypt(token.accessToken, userId),
      expiresAt: new Date(now.getTime() + token.expiresInSeconds * 1000).toISOString(),
      status: 'connected',
      connectedAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    await deps.audit.append(userId, { type: 'linkedin.connected', data: { memberUrn } });
    return { location: withOutcome(returnTo, { connected: true }), connected: true, userId, memberUrn };
  } catch (error) {
    if (error instanceof LinkedInRequestError) return fail(returnTo, `LinkedIn could not complete the connection: ${error.message} ${restart}`, { userId });
    return fail(returnTo, 'Something went wrong on our side while connecting LinkedIn; it has been logged. Try again in a moment.', { userId, cause: error });
  }
}

/** Forgets the connection and erases the token. Scheduled posts stay scheduled (they fail with a reconnect message if still unconnected when due). */
export async function disconnect(deps: Pick<LinkedInDeps, 'connections' | 'audit'>, userId: string): Promise<void> {
  if (await deps.connections.delete(userId)) await deps.audit.append(userId, { type: 'linkedin.disconnected' });
}

export async function linkedInStatus(deps: { connections: LinkedInConnectionStore; clock: Clock }, userId: string): Promise<LinkedInView> {
  return toLinkedInView(await deps.connections.get(userId), deps.clock.now());
}

