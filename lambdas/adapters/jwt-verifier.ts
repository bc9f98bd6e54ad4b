import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { InvalidTokenError, type TokenVerifier } from '../core/ports/token-verifier';
import type { Identity } from '../core/users/user-use-cases';

export interface JwtVerifierOptions {
  /** `iss` the token must carry: the Cognito user pool URL in AWS, the local issuer on a machine. */
  issuer: string;
  /** `aud` the token must carry: the web app client id. */
  audience: string;
  /** Where the issuer publishes its signing keys (JWKS); fetched once and cached by jose. */
  jwksUrl: string;
}

/**
 * The one verification path for Cognito and the local issuer: RS256 only (so
 * `alg: none` and HMAC confusion are refused), issuer, audience and expiry
 * checked, ID tokens only (Cognito's `token_use: id`, which carries the email).
 */
export class JwtVerifier implements TokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: JwtVerifierOptions) {
    this.keys = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
  }

  async verify(token: string): Promise<Identity> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ['RS256'],
        clockTolerance: 5,
      }));
    } catch (error) {
      throw new InvalidTokenError(error instanceof errors.JOSEError ? error.code : 'unverifiable');
    }
    if (payload['token_use'] !== 'id') throw new InvalidTokenError('not an ID token');
    const email = payload['email'];
    if (typeof payload.sub !== 'string' || payload.sub === '' || typeof email !== 'string' || email === '') {
      throw new InvalidTokenError('missing sub or email');
    }
    const authTime = payload['auth_time'];
    // Cognito and the local issuer set auth_time; a token without one simply records no sign-in.
    return typeof authTime === 'number' && Number.isFinite(authTime)
      ? { userId: payload.sub, email, authTime: new Date(authTime * 1000).toISOString() }
      : { userId: payload.sub, email };
  }
}
