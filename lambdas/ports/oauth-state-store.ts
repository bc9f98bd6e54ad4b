/**
 * Server-side OAuth `state`: a 256-bit random value bound to the user who
 * started the connection and where to send them back. Single use: `consume`
 * removes it atomically and returns it once; expired states are refused even
 * before DynamoDB's TTL removes them.
 */
export interface OAuthState {
  state: string;
  userId: string;
  returnTo: string;
  expiresAt: string;
}

export interface OAuthStateStore {
  save(record: OAuthState): Promise<void>;
  /** The record, removed so that it can never be used again; undefined if unknown or already used. */
  consume(state: string): Promise<OAuthState | undefined>;
}
