import { Duration } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** Scopes the web client asks for: an ID token with the user's email is all the API needs. */
export const WEB_CLIENT_SCOPES = [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE];

export interface WebClientProps {
  /** The pool, from the stateful data stack. */
  userPool: cognito.IUserPool;
  /** Names the client, e.g. `mark0-dev`. */
  resourcePrefix: string;
  /** Where the hosted UI may send the browser back after sign-in and sign-out (the web origin, and a machine's npm start). */
  redirectUrls: string[];
}

/**
 * The web app's Cognito app client: public (the browser cannot keep a
 * secret), authorization code with PKCE through the hosted UI only. It holds
 * no user data, so it can live in the stateless API stack next to the
 * authorizer that checks its id as the token audience.
 */
export class WebClient extends Construct {
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: WebClientProps) {
    super(scope, id);
    this.client = new cognito.UserPoolClient(this, 'Client', {
      userPool: props.userPool,
      userPoolClientName: `${props.resourcePrefix}-web`,
      // A public client: the browser cannot keep a secret, so it proves itself with PKCE instead.
      // Cognito has no switch to require PKCE; it checks the code_verifier whenever the
      // authorize request carried a code_challenge, which the web app always sends.
      generateSecret: false,
      // Sign-in happens only in the hosted UI (authorization code flow); no password ever reaches our code.
      authFlows: { userSrp: false, userPassword: false, adminUserPassword: false, custom: false, user: false },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: WEB_CLIENT_SCOPES,
        callbackUrls: props.redirectUrls,
        logoutUrls: props.redirectUrls,
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
  }
}
