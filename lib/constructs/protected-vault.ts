import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';

/** The id CDK gives the singleton provider function of AwsCustomResource (aws-cdk-lib/custom-resources). */
const AWS_CUSTOM_RESOURCE_PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

/** Recovery points in a protected vault live at least this long (the daily rule's retention) and at most this long. */
export const VAULT_LOCK = { minRetention: Duration.days(35), maxRetention: Duration.days(366) } as const;

export interface ProtectedVaultProps {
  vaultName: string;
  keyAlias: string;
  /** How long the custom resource's logs are kept. */
  logRetention: RetentionDays;
}

/**
 * An AWS Backup vault no mistake or stolen credential can empty:
 *  - its own customer-managed key (rotated, retained), so the backups' encryption
 *    is ours to audit and outlives any stack;
 *  - an access policy that denies everyone DeleteRecoveryPoint and
 *    UpdateRecoveryPointLifecycle: deleting or shortening a backup first needs the
 *    vault policy changed, a separate, CloudTrail-logged act; AWS Backup's own
 *    expiry at the end of the retention is unaffected;
 *  - Vault Lock in governance mode (min 35 days, max 366 days): no backup job may
 *    keep less than the daily retention or more than a year (the retention table
 *    promises users their data goes). Governance, not compliance mode: compliance
 *    becomes immutable after its grace time, even for the root user, so one wrong
 *    number would bind the vault for a year; a one-person product with no
 *    regulator asking for WORM storage should keep the way back.
 *  - DynamoDB's advanced backup features on for the region (a custom resource,
 *    UpdateRegionSettings): without them, DynamoDB backups stay DynamoDB's,
 *    encrypted with the table's key, deletable through DynamoDB's API around the
 *    vault policy, and cannot be copied to another region.
 */
export class ProtectedVault extends Construct {
  readonly key: kms.Key;
  readonly vault: backup.BackupVault;
  readonly advancedDynamoDbBackups: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: ProtectedVaultProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      alias: props.keyAlias,
      description: `Mark.0: encrypts the recovery points in ${props.vaultName}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: props.vaultName,
      encryptionKey: this.key,
      blockRecoveryPointDeletion: true,
      lockConfiguration: { minRetention: VAULT_LOCK.minRetention, maxRetention: VAULT_LOCK.maxRetention },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.advancedDynamoDbBackups = new cr.AwsCustomResource(this, 'AdvancedDynamoDbBackups', {
      onUpdate: {
        service: 'Backup',
        action: 'updateRegionSettings',
        parameters: { ResourceTypeManagementPreference: { DynamoDB: true } },
        physicalResourceId: cr.PhysicalResourceId.of('dynamodb-advanced-backup'),
      },
      // Nothing on delete: turning the setting off would weaken every other DynamoDB backup in the region.
      policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions: ['backup:UpdateRegionSettings'], resources: ['*'] })]),
      installLatestAwsSdk: false,
      logGroup: new LogGroup(this, 'AdvancedDynamoDbBackupsLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY }),
    });
    this.vault.node.addDependency(this.advancedDynamoDbBackups);
    Validations.of(this.advancedDynamoDbBackups).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'backup:UpdateRegionSettings has no resource to scope to (it changes the account\'s settings for the region), so IAM requires "*". ' +
        'The custom resource may call this one action only, to turn on advanced DynamoDB backups.',
    });
    // The one Lambda behind every AwsCustomResource of the stack (a singleton at stack level, named by CDK).
    const provider = Stack.of(this).node.tryFindChild(AWS_CUSTOM_RESOURCE_PROVIDER_ID);
    if (provider) {
      Validations.of(provider).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'The provider function CDK creates for AwsCustomResource runs only at deploy time (to turn on advanced DynamoDB backups) and uses the basic ' +
          'execution role CDK gives it for its own logs; it holds no data and CDK offers no way to pass it a narrower role.',
      });
    }
  }
}
