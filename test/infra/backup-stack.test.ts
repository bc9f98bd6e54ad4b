import { Template, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { METRICS } from '@contract/metric-names';
import { BACKUP_RULES, RESTORE_TEST, RESTORE_TEST_TABLE_PREFIX } from '../../lib/stacks/backup-stack';
import { VAULT_LOCK } from '../../lib/constructs/protected-vault';
import { alarmsOf } from './support/alarms';
import { actionsOf, crossStackValue, roleStatements } from './support/api-template';
import { logicalId, synthApp } from './support/synth';

const { backup: template, data, stacks } = synthApp();
const backup = template!;
const tableArn = { 'Fn::GetAtt': [logicalId(stacks.data.table), 'Arn'] };
const vaultArn = { 'Fn::GetAtt': [logicalId(stacks.backup!.vault.vault), 'BackupVaultArn'] };

function properties(type: string): Record<string, unknown>[] {
  return Object.values(backup.findResources(type)).map((r) => (r as { Properties: Record<string, unknown> }).Properties);
}

describe('the backup stack (stateful)', () => {
  it('is termination-protected, and the table keeps its 35 days of point-in-time recovery', () => {
    expect(stacks.backup!.terminationProtection).toBe(true);
    data.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 } })],
    });
  });

  describe('the vault', () => {
    it('is encrypted with its own customer-managed key, rotated and retained', () => {
      backup.hasResourceProperties('AWS::Backup::BackupVault', {
        BackupVaultName: 'mark0-dev-vault',
        EncryptionKeyArn: { 'Fn::GetAtt': [logicalId(stacks.backup!.vault.key), 'Arn'] },
      });
      backup.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      backup.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      backup.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
      backup.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/mark0-dev/backups' });
    });

    it('denies everyone deleting or shortening a recovery point, and locks retention between 35 and 366 days (governance mode)', () => {
      backup.hasResourceProperties('AWS::Backup::BackupVault', {
        AccessPolicy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'], Resource: '*' }],
        },
        // No ChangeableForDays: governance mode, which an administrator can lift; compliance mode could never be.
        LockConfiguration: { MinRetentionDays: VAULT_LOCK.minRetention.toDays(), MaxRetentionDays: VAULT_LOCK.maxRetention.toDays() },
      });
      expect(JSON.stringify(properties('AWS::Backup::BackupVault'))).not.toContain('ChangeableForDays');
    });

    it('turns on advanced DynamoDB backups for the region first (the vault key and copies apply only then)', () => {
      const [setting] = Object.entries(backup.findResources('Custom::AWS'));
      const create = JSON.parse((setting![1] as { Properties: { Create: string } }).Properties.Create) as Record<string, unknown>;
      expect(create).toMatchObject({ service: 'Backup', action: 'updateRegionSettings', parameters: { ResourceTypeManagementPreference: { DynamoDB: true } } });
      backup.hasResource('AWS::Backup::BackupVault', { DependsOn: Match.arrayWith([setting![0]]) });
    });
  });

  describe('the plan', () => {
    it('backs up daily at 05:00 UTC, kept 35 days, and monthly on the 1st, kept a year (cold after 30 days), into the vault', () => {
      const [plan] = properties('AWS::Backup::BackupPlan') as { BackupPlan: { BackupPlanRule: Record<string, unknown>[] } }[];
      expect(plan!.BackupPlan.BackupPlanRule).toEqual([
        {
          RuleName: 'Daily',
          ScheduleExpression: 'cron(0 5 * * ? *)',
          StartWindowMinutes: 60,
          CompletionWindowMinutes: 480,
          Lifecycle: { DeleteAfterDays: 35 },
          TargetBackupVault: { 'Fn::GetAtt': [logicalId(stacks.backup!.vault.vault), 'BackupVaultName'] },
        },
        {
          RuleName: 'Monthly',
          ScheduleExpression: 'cron(0 5 1 * ? *)',
          StartWindowMinutes: 60,
          CompletionWindowMinutes: 480,
          Lifecycle: { DeleteAfterDays: 365, MoveToColdStorageAfterDays: 30 },
          TargetBackupVault: { 'Fn::GetAtt': [logicalId(stacks.backup!.vault.vault), 'BackupVaultName'] },
        },
      ]);
      expect(BACKUP_RULES.daily.retention.toDays()).toBeGreaterThanOrEqual(VAULT_LOCK.minRetention.toDays());
      expect(BACKUP_RULES.monthly.retention.toDays()).toBeLessThanOrEqual(VAULT_LOCK.maxRetention.toDays());
    });

    it('selects the table (from the data stack) with a role only AWS Backup may assume', () => {
      const [selection] = properties('AWS::Backup::BackupSelection') as { BackupSelection: { Resources: unknown[]; IamRoleArn: { 'Fn::GetAtt': [string, string] } } }[];
      expect(selection!.BackupSelection.Resources).toHaveLength(1);
      expect(crossStackValue(selection!.BackupSelection.Resources[0], data)).toEqual(tableArn);
      backup.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] },
        ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup']] }],
      });
    });

    it('copies nothing to another region unless asked, then copies every recovery point into a protected vault there', () => {
      expect(JSON.stringify(properties('AWS::Backup::BackupPlan'))).not.toContain('CopyActions');
      const copied = synthApp({ backupCopyRegion: 'eu-central-1' });
      const copyStack = copied.stacks.backupCopy!;
      expect(copyStack.region).toBe('eu-central-1');
      expect(copied.stacks.backup!.dependencies).toContain(copyStack);
      const copyTemplate = Template.fromStack(copyStack);
      copyTemplate.hasResourceProperties('AWS::Backup::BackupVault', {
        BackupVaultName: 'mark0-dev-copy-vault',
        LockConfiguration: { MinRetentionDays: 35, MaxRetentionDays: 366 },
        AccessPolicy: Match.objectLike({ Statement: [Match.objectLike({ Effect: 'Deny' })] }),
      });
      copyTemplate.resourceCountIs('Custom::AWS', 1);
      const rules = (Object.values(copied.backup!.findResources('AWS::Backup::BackupPlan'))[0] as { Properties: { BackupPlan: { BackupPlanRule: { CopyActions: unknown[]; Lifecycle: unknown }[] } } }).Properties
        .BackupPlan.BackupPlanRule;
      for (const rule of rules) {
        expect(rule.CopyActions).toEqual([
          {
            DestinationBackupVaultArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':backup:eu-central-1:', { Ref: 'AWS::AccountId' }, ':backup-vault:mark0-dev-copy-vault']] },
            Lifecycle: rule.Lifecycle,
          },
        ]);
      }
    });
  });

  describe('the weekly restore test', () => {
    it('restores the newest recovery point of the vault (2 days back at most) every Monday at 03:00 UTC', () => {
      backup.hasResourceProperties('AWS::Backup::RestoreTestingPlan', {
        RestoreTestingPlanName: 'mark0_dev_weekly',
        ScheduleExpression: RESTORE_TEST.schedule,
        ScheduleExpressionTimezone: 'Etc/UTC',
        StartWindowHours: 2,
        RecoveryPointSelection: { Algorithm: 'LATEST_WITHIN_WINDOW', IncludeVaults: [vaultArn], RecoveryPointTypes: ['SNAPSHOT'], SelectionWindowDays: 2 },
      });
      expect(RESTORE_TEST.schedule).toBe('cron(0 3 ? * MON *)');
    });

    it('selects the table, restores with a role only AWS Backup may assume, and leaves 4 hours to validate', () => {
      const [selection] = properties('AWS::Backup::RestoreTestingSelection');
      expect(selection).toMatchObject({
        RestoreTestingPlanName: 'mark0_dev_weekly',
        RestoreTestingSelectionName: 'table',
        ProtectedResourceType: 'DynamoDB',
        ValidationWindowHours: 4,
        IamRoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^RestoreTestingRole/), 'Arn'] },
      });
      expect(crossStackValue((selection!['ProtectedResourceArns'] as unknown[])[0], data)).toEqual(tableArn);
      backup.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] },
        ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores']] }],
      });
      backup.hasResource('AWS::Backup::RestoreTestingSelection', { DependsOn: ['RestoreTestingPlan'] });
    });

    it('validates each restore with the backup-events function, which may read only restore-test tables and report the result', () => {
      const fn = stacks.backup!.eventsFunction;
      backup.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          source: ['aws.backup'],
          'detail-type': ['Restore Job State Change'],
          detail: { status: ['COMPLETED', 'FAILED', 'ABORTED'], restoreTestingPlanArn: [{ 'Fn::GetAtt': ['RestoreTestingPlan', 'RestoreTestingPlanArn'] }] },
        },
        Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(fn.function), 'Arn'] } })],
      });
      const statements = roleStatements(backup, logicalId(fn.role));
      expect(actionsOf(statements)).toEqual(['backup:PutRestoreValidationResult', 'dynamodb:DescribeTable', 'dynamodb:Scan', 'logs:CreateLogStream', 'logs:PutLogEvents']);
      const scan = statements.find((s) => JSON.stringify(s.Action).includes('dynamodb:Scan'))!;
      expect(JSON.stringify(scan.Resource)).toContain(`:table/${RESTORE_TEST_TABLE_PREFIX}*`);
      const describeLive = statements.find((s) => s.Action === 'dynamodb:DescribeTable')!;
      expect(crossStackValue(describeLive.Resource, data)).toEqual(tableArn);
      backup.hasResourceProperties('AWS::Lambda::Function', { Timeout: 900, Environment: { Variables: Match.objectLike({ TABLE_NAME: Match.anyValue() }) } });
    });

    it('counts backup and copy jobs of the table, and writes the daily zeros, through the same function', () => {
      backup.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          source: ['aws.backup'],
          'detail-type': ['Backup Job State Change', 'Copy Job State Change'],
          detail: { state: ['COMPLETED', 'FAILED', 'ABORTED', 'EXPIRED'], resourceArn: [Match.anyValue()] },
        },
      });
      backup.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(5 0 * * ? *)' });
    });
  });

  it('keeps the logical ids of the vault and its key: a rename would leave the old, retained vault behind', () => {
    expect({ vault: logicalId(stacks.backup!.vault.vault), key: logicalId(stacks.backup!.vault.key) }).toEqual({ vault: 'Vault645BC77C', key: 'VaultKeyCB88EF1A' });
  });

  it('is left out of a throwaway stage (retainData=false), whose alarms then skip backups too', () => {
    const throwaway = synthApp({ stage: 'pr42', retainData: 'false' });
    expect(throwaway.stacks.backup).toBeUndefined();
    const names = [...alarmsOf(throwaway.monitoring).keys()];
    expect(names.some((name) => /backup|restore-test/.test(name))).toBe(false);
    expect(JSON.stringify(throwaway.monitoring.toJSON())).not.toContain(METRICS.restoreTestsPassed);
  });
});
