/**
 * Server-side OAuth `state`: a 256-bit random value bound to the user who
 * started the connection and where to send them back. LinkedIn's redirect back
 * only reads it (`get`: where to land); completing the connection `consume`s it,
 * which removes it atomically and returns it once. Expired states are refused
 * by the use cases even before DynamoDB's TTL removes them.
 */
export interface OAuthState {
  state: string;
  userId: string;
  returnTo: string;
  expiresAt: string;
}

export interface OAuthStateStore {
  save(record: OAuthState): Promise<void>;
  /** The record, left in place (a strongly consistent read); undefined if unknown or already used. */
  get(state: string): Promise<OAuthState | undefined>;
  /** The record, removed so that it can never be used again; undefined if unknown or already used. */
  consume(state: string): Promise<OAuthState | undefined>;
  /** Deletes every state the user started (the deletion of their account); returns how many there were. */
  eraseUser(userId: string): Promise<number>;
}
