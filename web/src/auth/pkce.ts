/**
 * PKCE (RFC 7636) for the Cognito hosted UI: the browser keeps a random
 * verifier, sends only its SHA-256 challenge to /oauth2/authorize, and proves
 * possession when it trades the code at /oauth2/token. No client secret exists.
 */

/** A verifier of `bytes` random bytes, base64url: 32 bytes give 43 characters (the RFC's minimum length). */
export function createCodeVerifier(bytes = 32): string {
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The S256 challenge: BASE64URL(SHA256(ASCII(verifier))). */
export async function codeChallengeS256(verifier: string): Promise<string> {
  // Verifiers are ASCII by construction ([A-Za-z0-9-._~]), so their UTF-8 bytes are the ASCII bytes.
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64UrlEncode(new Uint8Array(digest));
}

/** An unguessable OAuth `state`, tying the callback to the sign-in this browser started. */
export function createState(): string {
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(16)));
}

export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlDecode(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
