import { Aws, CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { MarkConfig } from '../config';
import { MarkFunction } from '../constructs/mark-function';
import { ProtectedVault } from '../constructs/protected-vault';
import { ENV } from '@contract/environment';

/** The backup plan's rules: what the README's data-protection table promises. */
export const BACKUP_RULES = {
  daily: { ruleName: 'Daily', hourUtc: 5, retention: Duration.days(35) },
  /**
   * Monthly copies move to cold storage after 30 days (DynamoDB backups tier with AWS Backup's advanced
   * features): about a third of the warm price, for copies that are restored rarely and can wait hours.
   * Cold storage keeps a copy at least 90 days, so 30 + 90 ≤ 365 holds.
   */
  monthly: { ruleName: 'Monthly', hourUtc: 5, dayOfMonth: 1, retention: Duration.days(365), coldAfter: Duration.days(30) },
} as const;

/** The weekly restore test: Monday 03:00 UTC, the newest recovery point of the last two days. */
export const RESTORE_TEST = {
  schedule: 'cron(0 3 ? * MON *)',
  startWindowHours: 2,
  selectionWindowDays: 2,
  validationWindowHours: 4,
} as const;

/** AWS Backup names restore-test tables `awsbackup-restore-test-<random>`: the validator may read only those. */
export const RESTORE_TEST_TABLE_PREFIX = 'awsbackup-restore-test-';

export interface BackupStackProps extends StackProps {
  config: MarkConfig;
  table: ITableV2;
  /** The vault in another region that receives a copy of every recovery point (BackupCopyStack). */
  copyVaultArn?: string;
}

/**
 * The stateful side of data protection, beside the table's own 35-day PITR:
 * a protected vault, a plan (daily kept 35 days, monthly kept a year, optional
 * cross-region copy), a weekly restore test of the latest recovery point, and
 * the function that turns AWS Backup's events into metrics and validates each
 * restore test (lambdas/handlers/backup-events.ts).
 */
export class BackupStack extends Stack {
  readonly vault: ProtectedVault;
  readonly plan: backup.BackupPlan;
  readonly restoreTestingPlan: backup.CfnRestoreTestingPlan;
  readonly restoreTestingSelection: backup.CfnRestoreTestingSelection;
  readonly eventsFunction: MarkFunction;

  constructor(scope: Construct, id: string, props: BackupStackProps) {
    const { config, table, copyVaultArn, ...stackProps } = props;
    super(scope, id, { terminationProtection: true, ...stackProps });

    this.vault = new ProtectedVault(this, 'Vault', { vaultName: `${config.resourcePrefix}-vault`, keyAlias: `alias/${config.resourcePrefix}/backups`, logRetention: config.logRetention });
    const copyTo = copyVaultArn ? backup.BackupVault.fromBackupVaultArn(this, 'CopyVault', copyVaultArn) : undefined;
    const rule = (name: string, schedule: events.Schedule, retention: Duration, coldAfter?: Duration) => {
      const lifecycle = { deleteAfter: retention, ...(coldAfter ? { moveToColdStorageAfter: coldAfter } : {}) };
      return new backup.BackupPlanRule({
        ruleName: name,
        scheduleExpression: schedule,
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(8),
        ...lifecycle,
        ...(copyTo ? { copyActions: [{ destinationBackupVault: copyTo, ...lifecycle }] } : {}),
      });
    };
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: `${config.resourcePrefix}-plan`,
      backupVault: this.vault.vault,
      backupPlanRules: [
        rule(BACKUP_RULES.daily.ruleName, events.Schedule.cron({ hour: String(BACKUP_RULES.daily.hourUtc), minute: '0' }), BACKUP_RULES.daily.retention),
        // On the 1st both rules are due at once; AWS Backup then takes one backup and keeps it for the longer retention.
        rule(
          BACKUP_RULES.monthly.ruleName,
          events.Schedule.cron({ day: String(BACKUP_RULES.monthly.dayOfMonth), hour: String(BACKUP_RULES.monthly.hourUtc), minute: '0' }),
          BACKUP_RULES.monthly.retention,
          BACKUP_RULES.monthly.coldAfter,
        ),
      ],
    });
    const selection = this.plan.addSelection('Table', { backupSelectionName: 'table', resources: [backup.BackupResource.fromArn(table.tableArn)] });
    Validations.of(selection).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        'AWSBackupServiceRolePolicyForBackup is the role policy AWS maintains for AWS Backup to create and copy recovery points of every supported ' +
        'service; a hand-written copy would miss the permissions AWS Backup adds over time and fail backups silently. The role is assumable by AWS Backup only.',
    });

    // Restore testing: L1 only (no L2 exists in aws-cdk-lib).
    const restoreRole = new iam.Role(this, 'RestoreTestingRole', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'AWS Backup restores the weekly test copy of the table with this role',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores')],
    });
    Validations.of(restoreRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]',
      reason:
        'AWSBackupServiceRolePolicyForRestores is the role policy AWS maintains for AWS Backup restore jobs (create the restored table, decrypt the recovery point); ' +
        'the role is assumable by AWS Backup only and used by the restore-testing selection alone.',
    });
    const planName = `${config.resourcePrefix}_weekly`.replace(/-/g, '_');
    this.restoreTestingPlan = new backup.CfnRestoreTestingPlan(this, 'RestoreTestingPlan', {
      restoreTestingPlanName: planName,
      scheduleExpression: RESTORE_TEST.schedule,
      scheduleExpressionTimezone: 'Etc/UTC',
      startWindowHours: RESTORE_TEST.startWindowHours,
      recoveryPointSelection: {
        algorithm: 'LATEST_WITHIN_WINDOW',
        includeVaults: [this.vault.vault.backupVaultArn],
        recoveryPointTypes: ['SNAPSHOT'],
        selectionWindowDays: RESTORE_TEST.selectionWindowDays,
      },
    });
    this.restoreTestingSelection = new backup.CfnRestoreTestingSelection(this, 'RestoreTestingSelection', {
      restoreTestingPlanName: planName,
      restoreTestingSelectionName: 'table',
      protectedResourceType: 'DynamoDB',
      protectedResourceArns: [table.tableArn],
      iamRoleArn: restoreRole.roleArn,
      validationWindowHours: RESTORE_TEST.validationWindowHours,
    });
    this.restoreTestingSelection.addResourceDependency(this.restoreTestingPlan);

    this.eventsFunction = new MarkFunction(this, 'BackupEventsFunction', {
      handlerName: 'backup-events',
      description: 'AWS Backup events of the table as metrics; validates each weekly restore test',
      config,
      environment: { [ENV.tableName]: table.tableName },
      // A restore test reads the whole restored table once: minutes at 100,000 users.
      timeout: Duration.minutes(15),
    });
    const fn = this.eventsFunction.function;
    const restoredTables = `arn:${Aws.PARTITION}:dynamodb:${Aws.REGION}:${Aws.ACCOUNT_ID}:table/${RESTORE_TEST_TABLE_PREFIX}*`;
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:DescribeTable'], resources: [table.tableArn] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:DescribeTable', 'dynamodb:Scan'], resources: [restoredTables] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['backup:PutRestoreValidationResult'], resources: ['*'] }));
    Validations.of(this.eventsFunction.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table/awsbackup-restore-test-*]',
      reason:
        `Restore tests create tables named ${RESTORE_TEST_TABLE_PREFIX}<random>, unknown until the test runs, so DescribeTable and Scan are granted on that ` +
        'name prefix only; the live table gets DescribeTable alone, never Scan.',
    });
    Validations.of(this.eventsFunction.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'backup:PutRestoreValidationResult acts on a restore job, which has no ARN to scope a policy to; this is the only action the function has on "*", ' +
        'and all it can do is mark a restore test validated or failed.',
    });

    const target = new targets.LambdaFunction(fn, { retryAttempts: 2, maxEventAge: Duration.hours(2) });
    new events.Rule(this, 'RestoreTestEvents', {
      description: 'Restore jobs of the weekly restore test: validate the restored table',
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Restore Job State Change'],
        detail: { status: ['COMPLETED', 'FAILED', 'ABORTED'], restoreTestingPlanArn: [this.restoreTestingPlan.attrRestoreTestingPlanArn] },
      },
      targets: [target],
    });
    new events.Rule(this, 'BackupJobEvents', {
      description: 'Backup and copy jobs of the table: count completions and failures',
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Backup Job State Change', 'Copy Job State Change'],
        detail: { state: ['COMPLETED', 'FAILED', 'ABORTED', 'EXPIRED'], resourceArn: [table.tableArn] },
      },
      targets: [target],
    });
    new events.Rule(this, 'DailyWatch', {
      description: 'Writes the daily zeros that let the backup alarms tell "nothing happened" from "nobody is watching"',
      schedule: events.Schedule.cron({ hour: '0', minute: '5' }),
      targets: [target],
    });

    new CfnOutput(this, 'BackupVaultName', { value: this.vault.vault.backupVaultName, description: 'AWS Backup vault of the table' });
    new CfnOutput(this, 'RestoreRoleArn', { value: restoreRole.roleArn, description: 'Role for restoring a recovery point by hand (docs/RUNBOOK.md)' });
    new CfnOutput(this, 'RestoreTestingPlanName', { value: planName, description: 'Weekly restore test (AWS Backup console → Restore testing)' });
  }
}
