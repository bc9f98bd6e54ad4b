/**
 * Where sign-in identities live: Cognito's user pool in AWS (its `sub` is the
 * user id), the local issuer's identity store on a machine. Deleting the
 * identity ends the account's sessions at their source (no new tokens, no
 * refresh), and the same email then signs up as a brand-new user with a new id.
 */
export interface IdentityDirectory {
  /** Deletes the identity whose subject is `userId`; an identity already gone counts as deleted. */
  deleteIdentity(userId: string): Promise<void>;
}
