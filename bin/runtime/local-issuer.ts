import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomically } from './atomic-file';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

type SigningKey = Awaited<ReturnType<typeof importJWK>>;

/** Who the local issuer says it is; the authorizer checks tokens against these, as it checks Cognito's. */
export const LOCAL_AUDIENCE = 'mark0-local-web';

/**
 * The local stand-in for Cognito: signs RS256 ID tokens with the claims Cognito
 * puts in its ID tokens (sub, email, aud, iss, token_use, auth_time) and publishes its
 * public key as a JWKS. The authorizer verifies them with the very code that
 * verifies Cognito tokens in AWS. Local runtime only: never deployed.
 */
export class LocalIssuer {
  private constructor(
    readonly issuer: string,
    private readonly privateKey: SigningKey,
    private readonly publicJwk: JWK,
  ) {}

  /** Loads the signing key from `keyFile` (creating it on first start) or keeps it in memory. */
  static async create(issuer: string, keyFile?: string): Promise<LocalIssuer> {
    let privateJwk: JWK;
    if (keyFile && existsSync(keyFile)) {
      privateJwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
    } else {
      const { privateKey } = await generateKeyPair('RS256', { extractable: true });
      privateJwk = { ...(await exportJWK(privateKey)), alg: 'RS256', kid: `local-${Date.now().toString(36)}` };
      if (keyFile) writeFileAtomically(keyFile, JSON.stringify(privateJwk));
    }
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
    const privateKey = await importJWK(privateJwk, 'RS256');
    return new LocalIssuer(issuer, privateKey, { ...publicJwk, use: 'sig' });
  }

  get jwksUrl(): string {
    return `${this.issuer}/.well-known/jwks.json`;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  /**
   * The id local sign-in derived from the email before the identity store
   * existed: an account made then keeps it (local-routes.ts adopts it), while
   * new identities get random subjects, as Cognito's are.
   */
  static legacyUserIdFor(email: string): string {
    return `local-${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 24)}`;
  }

  /** An ID token for the identity `subject` (from the identity store) with its email. */
  async signIdToken(subject: string, email: string, ttlSeconds: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return this.sign({
      sub: subject,
      email,
      email_verified: true,
      token_use: 'id',
      iss: this.issuer,
      aud: LOCAL_AUDIENCE,
      // As Cognito: when the user authenticated (each POST /local/token is a sign-in).
      auth_time: now,
      iat: now,
      exp: now + ttlSeconds,
    });
  }

  /** Signs any claims with the issuer's key (tests use it to forge expired or wrong-audience tokens). */
  sign(claims: Record<string, unknown>): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: this.publicJwk.kid! }).sign(this.privateKey);
  }
}
