import { describe, expect, it } from 'vitest';
import { ValidationError } from '@lambdas/core/errors';
import { connectionProblem, expiresSoon, toLinkedInView, type LinkedInConnection } from '@lambdas/core/linkedin/connection';
import { resolveReturnTo, withOutcome } from '@lambdas/core/linkedin/return-to';

const now = new Date('2026-11-25T10:00:00.000Z');
const connection: LinkedInConnection = {
  userId: 'u',
  memberUrn: 'urn:li:person:abc',
  name: 'Ada',
  pictureUrl: null,
  encryptedAccessToken: 'secret',
  expiresAt: '2027-01-24T10:00:00.000Z',
  status: 'connected',
  connectedAt: now.toISOString(),
  updatedAt: now.toISOString(),
};

describe('the LinkedIn connection', () => {
  it('shows the member and never the token', () => {
    const view = toLinkedInView(connection, now);
    expect(view).toEqual({ connected: true, needsReconnect: false, name: 'Ada', pictureUrl: null, memberUrn: 'urn:li:person:abc', expiresAt: connection.expiresAt });
    expect(JSON.stringify(view)).not.toContain('secret');
  });

  it('needs a reconnect when LinkedIn refused the token or it has expired', () => {
    expect(connectionProblem(undefined, now)).toBe('LINKEDIN_NOT_CONNECTED');
    expect(connectionProblem(connection, now)).toBeUndefined();
    expect(connectionProblem({ ...connection, status: 'needsReconnect' }, now)).toBe('LINKEDIN_RECONNECT_REQUIRED');
    expect(connectionProblem(connection, new Date(connection.expiresAt))).toBe('LINKEDIN_RECONNECT_REQUIRED');
    expect(toLinkedInView(connection, new Date('2027-02-01T00:00:00Z')).needsReconnect).toBe(true);
  });

  it('warns from 7 days before expiry', () => {
    expect(expiresSoon(connection.expiresAt, new Date('2027-01-17T10:00:01Z'))).toBe(true);
    expect(expiresSoon(connection.expiresAt, new Date('2027-01-17T09:59:59Z'))).toBe(false);
  });
});

describe('returnTo', () => {
  const web = { origins: ['https://app.example.com', 'http://localhost:3000'], defaultPath: '/settings' };

  it('defaults to the web app\'s settings page and accepts pages of the allowed origins', () => {
    expect(resolveReturnTo(undefined, web)).toBe('https://app.example.com/settings');
    expect(resolveReturnTo('/calendar?week=48#top', web)).toBe('https://app.example.com/calendar?week=48');
    expect(resolveReturnTo('http://localhost:3000/settings', web)).toBe('http://localhost:3000/settings');
  });

  it.each([
    'https://evil.example/settings',
    'https://app.example.com.evil.example/',
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'https://user@app.example.com/',
    'settings',
    '/ok\nLocation: https://evil.example',
  ])('refuses %j', (returnTo) => {
    expect(() => resolveReturnTo(returnTo, web)).toThrow(ValidationError);
  });

  it('adds the outcome to the landing URL, replacing an old one', () => {
    expect(withOutcome('https://app.example.com/settings?linkedin=error&message=old&tab=2', { callback: { code: 'c&1', state: 'ab' } })).toBe(
      'https://app.example.com/settings?tab=2#linkedin=callback&code=c%261&state=ab',
    );
    expect(withOutcome('https://app.example.com/settings', { error: 'You cancelled & left' })).toBe(
      'https://app.example.com/settings?linkedin=error&message=You+cancelled+%26+left',
    );
  });
});
