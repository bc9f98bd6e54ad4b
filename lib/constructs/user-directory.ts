import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface UserDirectoryProps {
  /** Names the pool, e.g. `mark0-dev`. */
  resourcePrefix: string;
  /** Hosted UI domain prefix; unset: `<resourcePrefix>-<account id>`, unique per region as Cognito requires. */
  domainPrefix?: string;
  /** Keep the pool (and its users) when the stack is deleted, with Cognito's deletion protection on. */
  retain: boolean;
}

/**
 * Who may sign in: a Cognito user pool and its hosted UI domain, the stateful
 * part of sign-in. The web app's client (lib/constructs/web-client.ts) lives
 * with the API, because its redirect URLs are the CloudFront origin, known
 * only once the web stack exists. The authorizer verifies the pool's ID tokens
 * (RS256, `token_use: id`, `aud` = the web client id, `iss` = the pool's provider URL).
 */
export class UserDirectory extends Construct {
  readonly userPool: cognito.UserPool;
  readonly domain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: UserDirectoryProps) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `${props.resourcePrefix}-users`,
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      // Until a new address is verified, the old one stays the sign-in address: a typo cannot lock anyone out.
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // TOTP for whoever wants it; SMS is neither offered (SIM swapping, per-message cost) nor required.
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      // Lite: the classic hosted UI, OAuth code + PKCE, TOTP MFA and 10,000 monthly active users free, then $0.0055
      // per MAU. Essentials ($0.015) would add managed-login branding, passwordless and token customisation: none used.
      // See the COG8 acknowledgement for Plus.
      featurePlan: cognito.FeaturePlan.LITE,
      deletionProtection: props.retain,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.domain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `${props.resourcePrefix}-${Aws.ACCOUNT_ID}` },
    });

    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional (TOTP offered, SMS off), not required: Mark.0 is a self-service product for individual professionals, ' +
        'where a mandatory second factor at sign-up turns people away. A taken-over account reaches only that one user\'s drafts ' +
        'and LinkedIn connection, and everyone gets the 12-character password policy and email-verified recovery.',
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'Lite instead of Plus: Plus threat protection costs $0.02 per monthly active user with no free tier, ' +
        'which at 100,000 users would dominate a bill that must stay at tens of dollars; Lite includes ' +
        'the hosted UI, optional TOTP MFA and 10,000 free MAU. Revisit if credential-stuffing shows up in the sign-in metrics.',
    });
  }

  /** The hosted UI's address, e.g. https://mark0-dev-123456789012.auth.eu-west-1.amazoncognito.com */
  get hostedUiUrl(): string {
    return this.domain.baseUrl();
  }
}
