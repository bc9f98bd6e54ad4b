import { decodeJwt } from 'jose';

/**
 * Reads a JWT's payload WITHOUT verifying it — only to learn when the token
 * expires and whose it is, for display. The API's authorizer verifies every
 * token; nothing here is trusted for access. Decoding is jose's `decodeJwt`
 * (already the backend's JWT library); this file only keeps the claims the
 * app uses, with the types it expects.
 */
export interface TokenClaims {
  exp?: number;
  email?: string;
  sub?: string;
}

/** The typed claims of `token`; {} when it is not a readable JWT. */
export function readTokenClaims(token: string): TokenClaims {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(token);
  } catch {
    return {};
  }
  return {
    ...(typeof claims['exp'] === 'number' ? { exp: claims['exp'] } : {}),
    ...(typeof claims['email'] === 'string' ? { email: claims['email'] } : {}),
    ...(typeof claims['sub'] === 'string' ? { sub: claims['sub'] } : {}),
  };
}
