import type { IdentityDirectory } from '../../core/ports/identity-directory';
import type { AwsApi } from './aws-api';

/**
 * The Cognito user pool. AdminDeleteUser takes the user's `sub` as the
 * username (the pool signs in by email, so each user's username is their
 * `sub`, which is also Mark.0's user id); a user already gone counts as deleted.
 * Deleting the user revokes its refresh tokens: the web app cannot renew the
 * session, and the same email signs up again as a new user with a new `sub`.
 * Through the small signed client of aws-api.ts (JSON 1.1, service
 * `cognito-idp`): the SDK's client would take the deletion worker past its
 * 300 KiB bundle budget for one call.
 */
export class CognitoIdentityDirectory implements IdentityDirectory {
  constructor(
    private readonly cognito: Pick<AwsApi, 'json'>,
    private readonly userPoolId: string,
  ) {}

  async deleteIdentity(userId: string): Promise<void> {
    try {
      await this.cognito.json('AWSCognitoIdentityProviderService', '1.1', 'AdminDeleteUser', { UserPoolId: this.userPoolId, Username: userId });
    } catch (error) {
      if (error instanceof Error && error.name === 'UserNotFoundException') return;
      throw error;
    }
  }
}
