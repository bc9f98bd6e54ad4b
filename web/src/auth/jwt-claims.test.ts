// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { readTokenClaims } from './jwt-claims';

/** base64url of UTF-8 JSON, as a token issuer writes a JWT part. */
const part = (value: unknown) => {
  let binary = '';
  for (const byte of new TextEncoder().encode(JSON.stringify(value))) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const jwt = (claims: unknown) => `${part({ alg: 'RS256' })}.${part(claims)}.sig`;

describe('readTokenClaims (unverified, for display and expiry)', () => {
  it('reads exp, email and sub, with non-ASCII text and base64url characters intact', () => {
    // "zoë…" encodes to bytes whose base64 holds '+' or '/', written '-' and '_' in base64url.
    const claims = readTokenClaims(jwt({ exp: 2_000_000_000, email: 'zoë@example.com', sub: 'user-1?>>', iss: 'ignored' }));
    expect(claims).toEqual({ exp: 2_000_000_000, email: 'zoë@example.com', sub: 'user-1?>>' });
  });

  it('drops claims of the wrong type', () => {
    expect(readTokenClaims(jwt({ exp: '2000000000', email: 42, sub: null }))).toEqual({});
  });

  it('gives no claims for something that is not a JWT', () => {
    expect(readTokenClaims('')).toEqual({});
    expect(readTokenClaims('not-a-token')).toEqual({});
    expect(readTokenClaims(`${part({ alg: 'RS256' })}.%%%.sig`)).toEqual({});
    expect(readTokenClaims(`${part({ alg: 'RS256' })}.${part([1, 2])}.sig`)).toEqual({});
  });
});
