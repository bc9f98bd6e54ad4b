// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import type { LinkedInStatus } from '../api/mark-api';
import { WAITING_RELEASE_WITHIN_HOURS } from '@contract/api/posts';
import { formatDayMonth } from '../posts/format-time';
import { connectionState, linkedInFixFor, readLinkedInReturn, reconnectFailureNote, scheduleWarningText, waitingPostNote, withoutLinkedInReturn } from './connection-state';

const now = new Date('2026-03-28T10:00:00Z');
const linked = (fields: Partial<LinkedInStatus>): LinkedInStatus => ({
  connected: true,
  needsReconnect: false,
  name: 'Ada Lovelace',
  pictureUrl: null,
  memberUrn: 'urn:li:person:ada',
  expiresAt: '2026-05-20T10:00:00Z',
  ...fields,
});

describe('connectionState', () => {
  it('tells apart disconnected, connected, expiring within 7 days, and needing a reconnect', () => {
    expect(connectionState(undefined, now)).toEqual({ kind: 'unavailable' });
    expect(connectionState(linked({ connected: false }), now)).toEqual({ kind: 'disconnected' });
    expect(connectionState(linked({}), now)).toMatchObject({ kind: 'connected', name: 'Ada Lovelace' });
    expect(connectionState(linked({ expiresAt: '2026-04-04T11:00:00Z' }), now)).toMatchObject({ kind: 'connected' });
    expect(connectionState(linked({ expiresAt: '2026-04-04T10:00:00Z' }), now)).toMatchObject({ kind: 'expiring', daysLeft: 7 });
    expect(connectionState(linked({ expiresAt: '2026-03-28T20:00:00Z' }), now)).toMatchObject({ kind: 'expiring', daysLeft: 1 });
    expect(connectionState(linked({ needsReconnect: true }), now)).toMatchObject({ kind: 'needs-reconnect' });
    // Past its expiry, even before the API noticed: reconnect.
    expect(connectionState(linked({ expiresAt: '2026-03-28T09:59:00Z' }), now)).toMatchObject({ kind: 'needs-reconnect' });
  });
});

describe('the return from LinkedIn', () => {
  it('reads ?linkedin=connected and ?linkedin=error&message= and strips them from the address', () => {
    const at = (search: string, hash = '') => readLinkedInReturn({ search, hash });
    expect(at('?linkedin=connected')).toEqual({ outcome: 'connected' });
    expect(at('?linkedin=error&message=You%20declined%20access.')).toEqual({ outcome: 'error', message: 'You declined access.' });
    expect(at('?status=draft')).toBeUndefined();
    expect(withoutLinkedInReturn('/settings', '?linkedin=error&message=x&tab=1')).toBe('/settings?tab=1');
    expect(withoutLinkedInReturn('/settings', '?linkedin=connected')).toBe('/settings');
  });

  it('reads #linkedin=callback&code=&state= from the fragment (to complete as the signed-in user), and drops the fragment', () => {
    const state = 'ab'.repeat(32);
    expect(readLinkedInReturn({ search: '?week=48', hash: `#linkedin=callback&code=AQT-x_1&state=${state}` })).toEqual({ outcome: 'callback', code: 'AQT-x_1', state });
    expect(readLinkedInReturn({ search: '', hash: '#linkedin=callback&state=x' })).toEqual({ outcome: 'error', message: expect.stringContaining('Start again') });
    // In the query, a code is not LinkedIn's hand-over (the API never puts it there).
    expect(readLinkedInReturn({ search: `?linkedin=callback&code=AQT&state=${state}`, hash: '' })).toBeUndefined();
    // The cleaned address is path and query: the fragment with the code is gone.
    expect(withoutLinkedInReturn('/calendar', '?week=48')).toBe('/calendar?week=48');
    // Cognito's own code and state (query) are left alone.
    expect(withoutLinkedInReturn('/', '?code=abc&state=xyz')).toBe('/?code=abc&state=xyz');
  });
});

describe('linkedInFixFor', () => {
  it('offers to connect or reconnect after the refusals only LinkedIn fixes, and nothing otherwise', () => {
    expect(linkedInFixFor(new ApiError(409, 'LINKEDIN_NOT_CONNECTED', 'Connect LinkedIn first.'))).toBe('Connect LinkedIn');
    expect(linkedInFixFor(new ApiError(409, 'LINKEDIN_RECONNECT_REQUIRED', 'Reconnect LinkedIn.'))).toBe('Reconnect LinkedIn');
    expect(linkedInFixFor(new ApiError(409, 'VERSION_MISMATCH', 'Changed elsewhere.'))).toBeUndefined();
    expect(linkedInFixFor(new Error('LINKEDIN_NOT_CONNECTED'))).toBeUndefined();
    expect(linkedInFixFor(undefined)).toBeUndefined();
  });
});

describe('what the app says about the connection next to a post', () => {
  const now = new Date('2026-03-28T10:00:00Z');
  const connected = connectionState({ connected: true, needsReconnect: false, name: 'Ada', pictureUrl: null, memberUrn: 'urn:li:person:a', expiresAt: '2026-05-01T00:00:00Z' }, now);
  const lost = connectionState({ connected: true, needsReconnect: true, name: 'Ada', pictureUrl: null, memberUrn: 'urn:li:person:a', expiresAt: '2026-05-01T00:00:00Z' }, now);
  const none = connectionState({ connected: false, needsReconnect: false, name: null, pictureUrl: null, memberUrn: null, expiresAt: null }, now);

  it('under a post that failed for the connection: the connection as it is now, never "you reconnected since" when it is not', () => {
    expect(reconnectFailureNote(connected)).toEqual({ text: 'LinkedIn is connected now: Retry should work.' });
    expect(reconnectFailureNote(none)).toEqual({ text: 'LinkedIn is not connected: connect it, then press Retry.', fix: 'Connect LinkedIn' });
    expect(reconnectFailureNote(lost)).toEqual({ text: 'LinkedIn still needs you to reconnect: reconnect, then press Retry.', fix: 'Reconnect LinkedIn' });
    expect(reconnectFailureNote({ kind: 'unavailable' })).toBeUndefined();
  });

  it('under a waiting post: connect or reconnect while LinkedIn is not working', () => {
    expect(waitingPostNote({ scheduledAt: '2026-03-28T09:00:00Z' }, none, now, 'UTC')).toMatchObject({ fix: 'Connect LinkedIn', text: expect.stringMatching(/^It was due while LinkedIn was not connected\. Connect LinkedIn/) });
    expect(waitingPostNote({ scheduledAt: '2026-03-28T09:00:00Z' }, lost, now, 'UTC')).toMatchObject({ fix: 'Reconnect LinkedIn' });
  });

  it(`under a waiting post once LinkedIn works: it goes out, or, more than ${WAITING_RELEASE_WITHIN_HOURS} h overdue, "publish now or reschedule?"`, () => {
    expect(waitingPostNote({ scheduledAt: '2026-03-27T10:00:00Z' }, connected, now, 'UTC')).toEqual({ text: 'LinkedIn is connected again: this post goes out within a minute.' });
    const late = waitingPostNote({ scheduledAt: '2026-03-27T09:59:00Z' }, connected, now, 'UTC');
    expect(late.choose).toBe(true);
    expect(late.text).toContain('more than a day ago');
    expect(late.text).toContain('Publish it now, or reschedule it?');
  });

  it('after scheduling past the expiry: "expires on <day>: reconnect before then", in the user\'s zone', () => {
    const warnings = [{ code: 'LINKEDIN_EXPIRES_BEFORE' as const, message: 'Your LinkedIn connection expires on 2026-02-12 (UTC), before this post.' }];
    // 23:30 UTC on 11 Feb is already the 12th in Paris.
    expect(scheduleWarningText(warnings, '2026-02-11T23:30:00Z', 'Europe/Paris')).toBe(`Your LinkedIn connection expires on ${formatDayMonth('2026-02-12T12:00:00Z', 'UTC')}: reconnect before then.`);
    expect(scheduleWarningText(warnings, null, 'UTC')).toBe(warnings[0]!.message);
    expect(scheduleWarningText([], '2026-02-11T23:30:00Z', 'UTC')).toBeUndefined();
  });
});
