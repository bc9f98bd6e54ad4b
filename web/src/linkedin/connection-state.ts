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

/** "in 3 days", "tomorrow", "today". */
export function describeDaysLeft(daysLeft: number): string {
  if (daysLeft <= 0) return 'today';
  if (daysLeft === 1) return 'tomorrow';
  return `in ${daysLeft} days`;
}

/** The `?linkedin=connected|error&message=` LinkedIn's callback sends the browser back with. */
export type LinkedInReturn = { outcome: 'connected' } | { outcome: 'error'; message: string };

export function readLinkedInReturn(search: string): LinkedInReturn | undefined {
  const params = new URLSearchParams(search);
  const outcome = params.get('linkedin');
  if (outcome === 'connected') return { outcome: 'connected' };
  if (outcome === 'error') return { outcome: 'error', message: params.get('message') || 'LinkedIn did not connect. Try again.' };
  return undefined;
}

/** The same address without the LinkedIn return parameters (so a reload does not announce it again). */
export function withoutLinkedInReturn(pathname: string, search: string): string {
  const params = new URLSearchParams(search);
  params.delete('linkedin');
  params.delete('message');
  const rest = params.toString();
  return `${pathname}${rest ? `?${rest}` : ''}`;
}
