import { base64UrlDecode } from './pkce';

/**
 * Reads a JWT's payload WITHOUT verifying it — only to learn when the token
 * expires and whose it is, for display. The API's authorizer verifies every
 * token; nothing here is trusted for access.
 */
export interface TokenClaims {
  exp?: number;
  email?: string;
  sub?: string;
}

export function readTokenClaims(token: string): TokenClaims {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    const claims = JSON.parse(base64UrlDecode(payload)) as Record<string, unknown>;
    return {
      ...(typeof claims['exp'] === 'number' ? { exp: claims['exp'] } : {}),
      ...(typeof claims['email'] === 'string' ? { email: claims['email'] } : {}),
      ...(typeof claims['sub'] === 'string' ? { sub: claims['sub'] } : {}),
    };
  } catch {
    return {};
  }
}
