import type { LinkedInView } from '../../contract/api/account';
/**
 * A user's LinkedIn connection: who they are on LinkedIn and the (encrypted)
 * access token Mark.0 posts with. Self-serve LinkedIn apps get no refresh
 * token, so a connection simply ends when the token expires (60 days) or
 * LinkedIn revokes it; the user then connects again.
 */
export const LINKEDIN_CONNECTION_STATUSES = ['connected', 'needsReconnect'] as const;
export type LinkedInConnectionStatus = (typeof LINKEDIN_CONNECTION_STATUSES)[number];

/** Days before expiry from which the web app asks the user to reconnect. */
export const LINKEDIN_EXPIRY_WARNING_DAYS = 7;

/** The scopes Mark.0 asks for: sign-in (openid profile email) and posting as the member (w_member_social). */
export const LINKEDIN_SCOPES = ['openid', 'profile', 'email', 'w_member_social'] as const;
/** Without this scope LinkedIn refuses every post. */
export const LINKEDIN_POSTING_SCOPE = 'w_member_social';

export interface LinkedInConnection {
  userId: string;
  /** `urn:li:person:<sub>`: the author of every post. */
  memberUrn: string;
  name: string | null;
  pictureUrl: string | null;
  /** The access token, encrypted by the TokenCipher (bound to the user id). Never leaves the server. */
  encryptedAccessToken: string;
  expiresAt: string;
  status: LinkedInConnectionStatus;
  connectedAt: string;
  updatedAt: string;
}

export const NOT_CONNECTED_VIEW: LinkedInView = {
  connected: false,
  needsReconnect: false,
  name: null,
  pictureUrl: null,
  memberUrn: null,
  expiresAt: null,
};

/** The user's view: an expired token needs a reconnect just like a revoked one. */
export function toLinkedInView(connection: LinkedInConnection | undefined, now: Date): LinkedInView {
  if (!connection) return NOT_CONNECTED_VIEW;
  return {
    connected: true,
    needsReconnect: connectionProblem(connection, now) !== undefined,
    name: connection.name,
    pictureUrl: connection.pictureUrl,
    memberUrn: connection.memberUrn,
    expiresAt: connection.expiresAt,
  };
}

export type ConnectionProblem = 'LINKEDIN_NOT_CONNECTED' | 'LINKEDIN_RECONNECT_REQUIRED';

/** Why Mark.0 cannot post for this user right now, if it cannot. */
export function connectionProblem(connection: LinkedInConnection | undefined, now: Date): ConnectionProblem | undefined {
  if (!connection) return 'LINKEDIN_NOT_CONNECTED';
  if (connection.status === 'needsReconnect' || Date.parse(connection.expiresAt) <= now.getTime()) return 'LINKEDIN_RECONNECT_REQUIRED';
  return undefined;
}

/** True from LINKEDIN_EXPIRY_WARNING_DAYS before expiry: the web app shows "reconnect soon". */
export function expiresSoon(expiresAt: string, now: Date): boolean {
  return Date.parse(expiresAt) - now.getTime() <= LINKEDIN_EXPIRY_WARNING_DAYS * 86_400_000;
}

export function memberUrnFor(sub: string): string {
  return `urn:li:person:${sub}`;
}
