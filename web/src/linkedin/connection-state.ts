import type { PreviousConnection } from './previous-connection';
import { WAITING_RELEASE_WITHIN_HOURS } from '@contract/api/posts';
import { ApiError } from '../api/api-error';
import type { LinkedInStatus, Post, ScheduleWarning } from '../api/mark-api';
import { formatDateTime, formatDayMonth } from '../posts/format-time';

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

/** What to say about the connection next to a post, and the button that fixes it, if one does. */
export interface ConnectionNote {
  text: string;
  fix?: 'Connect LinkedIn' | 'Reconnect LinkedIn';
  /** The post waited too long to go out unasked: offer Publish now and Reschedule. */
  choose?: boolean;
}

function fixFor(state: ConnectionState): ConnectionNote['fix'] {
  return state.kind === 'disconnected' ? 'Connect LinkedIn' : state.kind === 'needs-reconnect' ? 'Reconnect LinkedIn' : undefined;
}

/**
 * A failed post whose reason was the connection (LINKEDIN_RECONNECT_REQUIRED, from before
 * posts waited): what the connection is *now* (GET /v1/me), never a guess from the past.
 */
export function reconnectFailureNote(state: ConnectionState): ConnectionNote | undefined {
  switch (state.kind) {
    case 'connected':
    case 'expiring':
      return { text: 'LinkedIn is connected now: Retry should work.' };
    case 'disconnected':
      return { text: 'LinkedIn is not connected: connect it, then press Retry.', fix: 'Connect LinkedIn' };
    case 'needs-reconnect':
      return { text: 'LinkedIn still needs you to reconnect: reconnect, then press Retry.', fix: 'Reconnect LinkedIn' };
    case 'unavailable':
      return undefined;
  }
}

/** A waiting post: why it waits and what happens next, from the connection as it is now. */
export function waitingPostNote(post: Pick<Post, 'scheduledAt'>, state: ConnectionState, now: Date, timeZone: string): ConnectionNote {
  const fix = fixFor(state);
  if (fix) {
    return {
      text: `It was due while LinkedIn was not connected. ${fix === 'Connect LinkedIn' ? 'Connect' : 'Reconnect'} LinkedIn and it goes out within a minute (unless it is more than a day late by then: then you choose).`,
      fix,
    };
  }
  const due = post.scheduledAt ? Date.parse(post.scheduledAt) : now.getTime();
  if (now.getTime() - due > WAITING_RELEASE_WITHIN_HOURS * 3_600_000) {
    return {
      text: `It was due ${post.scheduledAt ? formatDateTime(post.scheduledAt, timeZone) : 'earlier'}, more than a day ago, while LinkedIn was not connected. Publish it now, or reschedule it?`,
      choose: true,
    };
  }
  return { text: 'LinkedIn is connected again: this post goes out within a minute.' };
}

/**
 * "Your LinkedIn connection expires on 12 Feb: reconnect before then." when scheduling met
 * LINKEDIN_EXPIRES_BEFORE, with the date in the user's zone (the API's own words without one).
 */
export function scheduleWarningText(warnings: readonly ScheduleWarning[] | undefined, expiresAt: string | null | undefined, timeZone: string): string | undefined {
  const warning = warnings?.find((w) => w.code === 'LINKEDIN_EXPIRES_BEFORE');
  if (!warning) return undefined;
  return expiresAt ? `Your LinkedIn connection expires on ${formatDayMonth(expiresAt, timeZone)}: reconnect before then.` : warning.message;
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

/**
 * The outcome to announce: what a completion (or the callback) ended with; a completed
 * connection carries the member this tab knew the account connected as before, if any.
 */
export type LinkedInNews = { outcome: 'connected'; previous?: PreviousConnection | undefined } | { outcome: 'error'; message: string };

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
