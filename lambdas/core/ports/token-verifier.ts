import type { Identity } from '../users/user-use-cases';

/** Verifies a bearer token and returns who it belongs to, or throws InvalidTokenError. */
export interface TokenVerifier {
  verify(token: string): Promise<Identity>;
}

export class InvalidTokenError extends Error {
  /** Why, for the logs (never the token itself). */
  constructor(readonly reason: string) {
    super(`Invalid token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}
