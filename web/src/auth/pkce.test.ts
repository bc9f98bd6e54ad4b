// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { base64UrlDecode, base64UrlEncode, codeChallengeS256, createCodeVerifier, createState } from './pkce';

describe('PKCE', () => {
  it('computes the S256 challenge of RFC 7636 appendix B', async () => {
    await expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).resolves.toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes verifiers of 43+ unreserved characters that differ every time', () => {
    const a = createCodeVerifier();
    const b = createCodeVerifier();
    expect(a).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(a).not.toBe(b);
    expect(createCodeVerifier(96)).toHaveLength(128);
    expect(createState()).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('encodes base64url without padding and decodes it back', () => {
    expect(base64UrlEncode(new Uint8Array([251, 255, 191]))).toBe('-_-_');
    expect(base64UrlEncode(new Uint8Array([1]))).toBe('AQ');
    expect(base64UrlDecode(base64UrlEncode(new TextEncoder().encode('{"email":"zoë@example.com"}')))).toBe('{"email":"zoë@example.com"}');
  });
});
