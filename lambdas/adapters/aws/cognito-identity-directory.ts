import { AdminDeleteUserCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityDirectory } from '../../core/ports/identity-directory';

/**
 * The Cognito user pool. AdminDeleteUser takes the user's `sub` as the
 * username (the pool signs in by email, so each user's username is their
 * `sub`, which is also Mark.0's user id); a user already gone counts as deleted.
 * Deleting the user revokes its refresh tokens: the web app cannot renew the
 * session, and the same email signs up again as a new user with a new `sub`.
 */
export class CognitoIdentityDirectory implements IdentityDirectory {
  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async deleteIdentity(userId: string): Promise<void> {
    try {
      await this.cognito.send(new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: userId }));
    } catch (error) {
      if (error instanceof Error && error.name === 'UserNotFoundException') return;
      throw error;
    }
  }
}
