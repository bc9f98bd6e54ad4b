import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { TableV2, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { MarkConfig } from '../config';
import { AppTable } from '../constructs/app-table';
import { UserDirectory } from '../constructs/user-directory';
import { APP_SECRET_KEYS } from '@contract/environment';

export interface DataStackProps extends StackProps {
  config: MarkConfig;
}

/**
 * The stateful side: everything that holds data or identity and must outlive
 * any redeploy of the API. Termination protection and RETAIN keep a mistaken
 * `cdk destroy` from taking users' posts or accounts with it; the stateless
 * API stack can be destroyed and recreated freely on top of it.
 */
export class DataStack extends Stack {
  readonly table: ITableV2;
  /** Encrypts LinkedIn access tokens in the table (KMS Encrypt/Decrypt with the user id as encryption context: lambdas/adapters/aws/kms-token-cipher.ts). */
  readonly tokenKey: kms.IKey;
  /**
   * Encrypts the SNS topics AWS services publish to: the alarm topics (CloudWatch) and SES's
   * feedback topic. A service can publish to an encrypted topic only with a customer-managed key
   * whose policy lets it (the AWS-managed aws/sns key's policy cannot be changed); each user of the
   * key adds its own service's statement. One key for both, in the stack both depend on: a second
   * key would be $1 a month more for the same protection (both hold notifications, not user data).
   */
  readonly notificationsKey: kms.Key;
  /** One secret, JSON keys = environment variable names (see function-environment.ts). */
  readonly appSecret: secretsmanager.ISecret;
  readonly users: UserDirectory;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    const { config, ...stackProps } = props;
    super(scope, id, { terminationProtection: config.retainData, ...stackProps });
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // Disaster recovery (docs/RUNBOOK.md#restore-from-backup): the app moves to a table restored
    // from a backup; the stack's own table, retained, leaves the stack untouched for inspection.
    this.table = config.existingTableName
      ? TableV2.fromTableName(this, 'ExistingTable', config.existingTableName)
      : new AppTable(this, 'Data', { retain: config.retainData }).table;

    this.tokenKey = new kms.Key(this, 'TokenKey', {
      alias: `alias/${config.resourcePrefix}/linkedin-tokens`,
      description: 'Mark.0: encrypts LinkedIn access tokens at rest in the table',
      enableKeyRotation: true,
      removalPolicy,
    });

    this.notificationsKey = new kms.Key(this, 'NotificationsKey', {
      alias: `alias/${config.resourcePrefix}/notifications`,
      description: 'Mark.0: encrypts the SNS topics AWS services publish to (CloudWatch alarms, SES send/bounce/complaint notifications)',
      enableKeyRotation: true,
      // Notifications are not data worth keeping.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });

    this.appSecret = new secretsmanager.Secret(this, 'AppSecret', {
      description: 'Mark.0 app secret: cursor signing key (generated) and provider credentials (filled in by the operator)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify(Object.fromEntries(APP_SECRET_KEYS.operatorFilled.map((key) => [key, '']))),
        generateStringKey: APP_SECRET_KEYS.generated,
        passwordLength: 64,
        // Letters and digits only: the value is an HMAC key, and punctuation only makes copying it error-prone.
        excludePunctuation: true,
      },
      removalPolicy,
    });
    Validations.of(this.appSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'No automatic rotation: the LinkedIn client secret and OpenAI API key can only be reissued in those providers\' consoles, ' +
        'so a rotation Lambda could not rotate them; the generated cursor signing key only signs short-lived page cursors, ' +
        'and replacing it by hand merely invalidates open cursors (a 400 that asks for the first page again).',
    });

    this.users = new UserDirectory(this, 'Users', {
      resourcePrefix: config.resourcePrefix,
      domainPrefix: config.authDomainPrefix,
      retain: config.retainData,
    });

    new CfnOutput(this, 'UserPoolId', { value: this.users.userPool.userPoolId, description: 'Cognito user pool id' });
    new CfnOutput(this, 'HostedUiUrl', { value: this.users.hostedUiUrl, description: 'Cognito hosted UI base URL' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'The single table (npm run tier -- --table <this>)' });
    new CfnOutput(this, 'TokenKeyArn', { value: this.tokenKey.keyArn, description: 'KMS key for LinkedIn tokens' });
    new CfnOutput(this, 'AppSecretName', {
      value: this.appSecret.secretName,
      description: `Fill in ${APP_SECRET_KEYS.operatorFilled.join(', ')} here after the first deploy`,
    });
  }
}
