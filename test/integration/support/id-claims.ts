import { LOCAL_AUDIENCE } from '../../../bin/runtime/local-issuer';
import type { TestApp } from './test-runtime';

/** The claims of a valid ID token from the runtime's issuer for `sub`, ten minutes long; `overrides` break what a test attacks. */
export function idClaims(app: Pick<TestApp, 'issuer'>, sub: string, nowSeconds: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub,
    email: `${sub}@example.com`,
    token_use: 'id',
    iss: app.issuer.issuer,
    aud: LOCAL_AUDIENCE,
    iat: nowSeconds,
    exp: nowSeconds + 600,
    ...overrides,
  };
}
