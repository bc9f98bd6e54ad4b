import { BadRequestError, ForbiddenError, ServiceUnavailableError, ValidationError } from '../errors';
import { RETENTION_DAYS } from '../retention';
import type { AuditLog } from '../ports/audit-log';
import type { Clock } from '../ports/clock';
import type { LinkedInClient, LinkedInMember, LinkedInToken } from '../ports/linkedin-client';
import { LinkedInRequestError } from '../ports/linkedin-client';
import type { LinkedInConnectionStore } from '../ports/linkedin-connection-store';
import type { OAuthState, OAuthStateStore } from '../ports/oauth-state-store';
import type { PublishQueue } from '../ports/publish-queue';
import type { TokenCipher } from '../ports/token-cipher';
import { releaseWaitingMessage } from '../publishing/publish-message';
import { LINKEDIN_POSTING_SCOPE, LINKEDIN_SCOPES, memberUrnFor, toLinkedInView, type LinkedInConnection } from './connection';
import { STATE_PATTERN, type CallbackQuery, type CompleteInput, type ConnectInput } from './linkedin-input';
import { defaultReturnTo, resolveReturnTo, withOutcome, type WebOrigins } from './return-to';
import type { LinkedInView } from '../../contract/api/account';

export interface LinkedInDeps {
  connections: LinkedInConnectionStore;
  states: OAuthStateStore;
  linkedin: LinkedInClient;
  cipher: TokenCipher;
  audit: AuditLog;
  clock: Clock;
  web: WebOrigins;
  /** The publish queue: a reconnect sends the user's waiting posts out through it. */
  queue: PublishQueue;
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
  /** On to the web app, which completes as its signed-in user (POST /v1/linkedin/complete). */
  | { location: string; landed: true; userId: string }
  | { location: string; landed: false; userId?: string; message: string };

const RESTART = 'Start again with Connect LinkedIn.';

/**
 * Step 2, LinkedIn's redirect back (public, so it completes nothing): read the
 * state without using it up, and send the browser to the state's `returnTo` with
 * `code` and `state`; the web app completes there as its signed-in user. Every
 * outcome is a redirect (a JSON error would strand the user on a blank page),
 * and only ever to a returnTo checked when the state was made.
 */
export async function landFromLinkedIn(deps: Pick<LinkedInDeps, 'states' | 'clock' | 'web'>, query: CallbackQuery): Promise<CallbackResult> {
  const refuse = (returnTo: string, message: string, userId?: string): CallbackResult => ({
    location: withOutcome(returnTo, { error: message }),
    landed: false,
    message,
    ...(userId ? { userId } : {}),
  });
  const fallback = defaultReturnTo(deps.web);
  if (!query.state || !STATE_PATTERN.test(query.state)) return refuse(fallback, `This LinkedIn sign-in link is not valid. ${RESTART}`);

  const record = await deps.states.get(query.state);
  if (!record) return refuse(fallback, `This LinkedIn sign-in link was already used or has expired. ${RESTART}`);
  const { userId, returnTo } = record;
  if (isExpired(record, deps.clock.now())) return refuse(returnTo, `This LinkedIn sign-in link has expired (they last ${RETENTION_DAYS.oauthStateMinutes} minutes). ${RESTART}`, userId);
  if (query.error) {
    const cancelled = query.error === 'user_cancelled_authorize' || query.error === 'user_cancelled_login';
    return refuse(returnTo, cancelled ? 'You cancelled the LinkedIn connection; nothing was changed.' : `LinkedIn did not connect your account: ${query.error_description || query.error}.`, userId);
  }
  if (!query.code) return refuse(returnTo, `LinkedIn sent no authorization code. ${RESTART}`, userId);
  return { location: withOutcome(returnTo, { callback: { code: query.code, state: query.state } }), landed: true, userId };
}

/** The signed-in user finished someone else's connect link (the attack this step exists for); `startedBy` is for the log. */
export class OtherAccountConnectError extends ForbiddenError {
  constructor(readonly startedBy: string) {
    super(
      'This LinkedIn connection was started from another Mark.0 account. Start again from Settings while signed in to the account you want to connect.',
      'LINKEDIN_CONNECT_OTHER_ACCOUNT',
    );
  }
}

/**
 * Step 3, by the web app as its signed-in user: use the state up (once, atomically),
 * refuse unless that user started it, then trade the code for a token, learn who
 * the member is and store the token encrypted. The code reaches only the browser
 * that consented, and only the account that started the flow can complete it, so
 * a connect link sent to someone else connects nobody.
 *
 * Then posts that fell due while the user was not connected go out: one message
 * on the publish queue, and the publisher releases them (core/publishing/waiting.ts).
 * Should that send fail, the connection stands (`released: false`; the caller
 * logs it) and the waiting posts wait for their owner's "publish now".
 */
export async function completeConnection(
  deps: LinkedInDeps,
  userId: string,
  input: CompleteInput,
): Promise<{ linkedin: LinkedInView; returnTo: string; memberUrn: string; released: boolean }> {
  const record = await deps.states.consume(input.state);
  const now = deps.clock.now();
  if (!record || isExpired(record, now)) {
    throw new ValidationError(
      `This LinkedIn connection link was already used or has expired (they last ${RETENTION_DAYS.oauthStateMinutes} minutes). Start again with Connect LinkedIn in Settings.`,
      [{ field: 'state', message: 'was already used or has expired' }],
    );
  }
  if (record.userId !== userId) throw new OtherAccountConnectError(record.userId);

  let token: LinkedInToken;
  let member: LinkedInMember;
  try {
    token = await deps.linkedin.exchangeCode(input.code);
    if (!token.scope.split(/[\s,]+/).includes(LINKEDIN_POSTING_SCOPE)) {
      throw new BadRequestError(`LinkedIn did not give Mark.0 permission to post for you. ${RESTART}`, 'LINKEDIN_CONNECT_REFUSED');
    }
    member = await deps.linkedin.userInfo(token.accessToken);
  } catch (error) {
    if (!(error instanceof LinkedInRequestError)) throw error;
    const message = `LinkedIn could not complete the connection: ${error.message} ${RESTART}`;
    // No answer or a 5xx: LinkedIn's side. Anything else: LinkedIn refused this code.
    if (error.status === undefined || error.status >= 500) throw new ServiceUnavailableError(message, 'LINKEDIN_UNAVAILABLE', LINKEDIN_RETRY_AFTER_SECONDS);
    throw new BadRequestError(message, 'LINKEDIN_CONNECT_REFUSED');
  }
  const memberUrn = memberUrnFor(member.sub);
  const connection: LinkedInConnection = {
    userId,
    memberUrn,
    name: member.name,
    pictureUrl: member.pictureUrl,
    encryptedAccessToken: await deps.cipher.encrypt(token.accessToken, userId),
    expiresAt: new Date(now.getTime() + token.expiresInSeconds * 1000).toISOString(),
    status: 'connected',
    connectedAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  // The connection and its audit entry in one write (after the state's use: two database calls in all).
  await deps.connections.save(connection, { audit: { event: { type: 'linkedin.connected', data: { memberUrn } }, at: now } });
  const released = await deps.queue.send(releaseWaitingMessage(userId)).then(
    () => true,
    () => false,
  );
  return { linkedin: toLinkedInView(connection, now), returnTo: record.returnTo, memberUrn, released };
}

/** A 503 when LinkedIn did not answer: worth starting again after this long. */
const LINKEDIN_RETRY_AFTER_SECONDS = 30;

function isExpired(record: OAuthState, now: Date): boolean {
  return Date.parse(record.expiresAt) <= now.getTime();
}

/** Forgets the connection and erases the token. Scheduled posts stay scheduled (due while unconnected, they wait for a reconnect). */
export async function disconnect(deps: Pick<LinkedInDeps, 'connections' | 'audit'>, userId: string): Promise<void> {
  if (await deps.connections.delete(userId)) await deps.audit.append(userId, { type: 'linkedin.disconnected' });
}

