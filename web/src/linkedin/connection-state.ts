import { ApiError } from '../api/api-error';
import type { LinkedInStatus } from '../api/mark-api';

/** From this many days before the token's expiry, the app asks the user to reconnect. */
export const EXPIRY_WARNING_DAYS = 7;

/**
 * What the app tells the user about their LinkedIn connection. LinkedIn
 * access tokens last 60 days and self-serve apps get no refresh token, so the
 * only way to keep publishing is to reconnect before the expiry.
 */
export type ConnectionState =
  /** The API has no LinkedIn feature (an older backend). */
  | { kind: 'unavailable' }
  | { kind: 'disconnected' }
  /** LinkedIn refused the token, or it expired: scheduled posts wait until the user reconnects. */
  | { kind: 'needs-reconnect'; name: string | null; pictureUrl: string | null; expiresAt: Date | null }
  | { kind: 'expiring'; name: string | null; pictureUrl: string | null; expiresAt: Date; daysLeft: number }
  | { kind: 'connected'; name: string | null; pictureUrl: string | null; expiresAt: Date | null };

export function connectionState(linkedin: LinkedInStatus | undefined, now: Date): ConnectionState {
  if (!linkedin) return { kind: 'unavailable' };
  if (!linkedin.connected) return { kind: 'disconnected' };
  const expiresAt = linkedin.expiresAt ? new Date(linkedin.expiresAt) : null;
  const who = { name: linkedin.name, pictureUrl: linkedin.pictureUrl };
  if (linkedin.needsReconnect || (expiresAt && expiresAt.getTime() <= now.getTime())) return { kind: 'needs-reconnect', ...who, expiresAt };
  if (expiresAt) {
    const msLeft = expiresAt.getTime() - now.getTime();
    if (msLeft <= EXPIRY_WARNING_DAYS * 86_400_000) return { kind: 'expiring', ...who, expiresAt, daysLeft: Math.max(0, Math.ceil(msLeft / 86_400_000)) };
  }
  return { kind: 'connected', ...who, expiresAt };
}

/**
 * After a refusal only LinkedIn can fix (not connected, or the connection must
 * be renewed): the words of the button that fixes it. Undefined for any other error.
 */
export function linkedInFixFor(error: unknown): 'Connect LinkedIn' | 'Reconnect LinkedIn' | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.code === 'LINKEDIN_NOT_CONNECTED') return 'Connect LinkedIn';
  if (error.code === 'LINKEDIN_RECONNECT_REQUIRED') return 'Reconnect LinkedIn';
  return undefined;
}

/** "in 3 days", "tomorrow", "today". */
export function describeDaysLeft(daysLeft: number): string {
  if (daysLeft <= 0) return 'today';
  if (daysLeft === 1) return 'tomorrow';
  return `in ${daysLeft} days`;
}

/**
 * What the browser comes back from LinkedIn with (the API's callback adds it to the page's address):
 * `#linkedin=callback&code=…&state=…` in the fragment (never sent to a server, so never in an access
 * log), for the app to finish as its signed-in user (POST /v1/linkedin/complete), or
 * `?linkedin=error&message=…`. `connected` is how the app itself remembers a completed connection.
 */
export type LinkedInReturn =
  | { outcome: 'callback'; code: string; state: string }
  | { outcome: 'connected' }
  | { outcome: 'error'; message: string };

/** The outcome to announce: what a completion (or the callback) ended with. */
export type LinkedInNews = Exclude<LinkedInReturn, { outcome: 'callback' }>;

export function readLinkedInReturn(where: { search: string; hash: string }): LinkedInReturn | undefined {
  const fragment = new URLSearchParams(where.hash.replace(/^#/, ''));
  if (fragment.get('linkedin') === 'callback') {
    const code = fragment.get('code');
    const state = fragment.get('state');
    if (code && state) return { outcome: 'callback', code, state };
    return { outcome: 'error', message: 'LinkedIn sent the browser back without its code. Start again with Connect LinkedIn.' };
  }
  const params = new URLSearchParams(where.search);
  const outcome = params.get('linkedin');
  if (outcome === 'connected') return { outcome: 'connected' };
  if (outcome === 'error') return { outcome: 'error', message: params.get('message') || 'LinkedIn did not connect. Try again.' };
  return undefined;
}

/** The same address without the LinkedIn return (query and fragment), so a reload does not announce, or send, it again. */
export function withoutLinkedInReturn(pathname: string, search: string): string {
  const params = new URLSearchParams(search);
  if (params.has('linkedin')) for (const name of ['linkedin', 'message']) params.delete(name);
  const rest = params.toString();
  return `${pathname}${rest ? `?${rest}` : ''}`;
}
