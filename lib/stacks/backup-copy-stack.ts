import { Aws, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { MarkConfig } from '../config';
import { ProtectedVault } from '../constructs/protected-vault';

export interface BackupCopyStackProps extends StackProps {
  config: MarkConfig;
}

/**
 * The vault in a second region that receives a copy of every recovery point
 * (context `backupCopyRegion`): a region-wide outage or a lost primary vault
 * still leaves backups. Same protections as the primary vault.
 */
export class BackupCopyStack extends Stack {
  readonly vault: ProtectedVault;
  readonly vaultName: string;

  constructor(scope: Construct, id: string, props: BackupCopyStackProps) {
    const { config, ...stackProps } = props;
    super(scope, id, { terminationProtection: true, ...stackProps });
    this.vaultName = `${config.resourcePrefix}-copy-vault`;
    this.vault = new ProtectedVault(this, 'Vault', { vaultName: this.vaultName, keyAlias: `alias/${config.resourcePrefix}/backup-copies`, logRetention: config.logRetention });
  }

  /** The vault's ARN as the primary region's backup plan names it (no cross-region reference needed: the name is fixed). */
  static vaultArn(config: MarkConfig, region: string): string {
    return `arn:${Aws.PARTITION}:backup:${region}:${Aws.ACCOUNT_ID}:backup-vault:${config.resourcePrefix}-copy-vault`;
  }
}
