import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { MarkConfig } from './config';
import { ApiStack } from './stacks/api-stack';
import { BackupCopyStack } from './stacks/backup-copy-stack';
import { BackupStack } from './stacks/backup-stack';
import { DataStack } from './stacks/data-stack';
import { MonitoringStack } from './stacks/monitoring-stack';
import { PublishingStack } from './stacks/publishing-stack';

export interface MarkStacks {
  data: DataStack;
  /** Only where data is retained: a throwaway stage keeps PITR but no vault (a vault with recovery points cannot be deleted). */
  backup?: BackupStack;
  /** Only with context backupCopyRegion. */
  backupCopy?: BackupCopyStack;
  publishing: PublishingStack;
  api: ApiStack;
  monitoring: MonitoringStack;
}

/**
 * The whole deployment: the stateful data and backup stacks; on top of them the
 * stateless publishing stack (schedules, queue, publisher) and API stack; and the
 * monitoring stack watching all of them. bin/app.ts and the infra tests build the app through here, so the
 * tests check exactly what `cdk deploy` ships.
 *
 * Stacks are environment-agnostic: they deploy to the account and region of
 * the CLI's credentials, and synth needs none.
 */
export function buildMarkApp(app: App, config: MarkConfig): MarkStacks {
  const tags = { app: 'mark0', stage: config.stage };
  const data = new DataStack(app, `${config.stackPrefix}-Data`, {
    config,
    description: `Mark.0 ${config.stage}: table, user pool, keys and secrets (stateful, retained)`,
    tags,
  });
  let backupCopy: BackupCopyStack | undefined;
  let backup: BackupStack | undefined;
  if (config.retainData) {
    if (config.backupCopyRegion) {
      backupCopy = new BackupCopyStack(app, `${config.stackPrefix}-BackupCopy`, {
        config,
        env: { region: config.backupCopyRegion },
        description: `Mark.0 ${config.stage}: backup copy vault in ${config.backupCopyRegion} (stateful, retained)`,
        tags,
      });
    }
    backup = new BackupStack(app, `${config.stackPrefix}-Backup`, {
      config,
      table: data.table,
      copyVaultArn: config.backupCopyRegion ? BackupCopyStack.vaultArn(config, config.backupCopyRegion) : undefined,
      description: `Mark.0 ${config.stage}: backup vault, plan and weekly restore test of the table (stateful, retained)`,
      tags,
    });
    if (backupCopy) backup.addDependency(backupCopy, 'the plan copies into the copy vault');
  }
  const publishing = new PublishingStack(app, `${config.stackPrefix}-Publishing`, {
    config,
    description: `Mark.0 ${config.stage}: schedules, publish queue, publisher, reconciler and event bus (stateless)`,
    tags,
    table: data.table,
    tokenKey: data.tokenKey,
  });
  const api = new ApiStack(app, `${config.stackPrefix}-Api`, {
    config,
    description: `Mark.0 ${config.stage}: REST API, authorizer and API functions (stateless)`,
    tags,
    table: data.table,
    appSecret: data.appSecret,
    tokenIssuer: { issuer: data.users.userPool.userPoolProviderUrl, audience: data.users.webClient.userPoolClientId },
    tokenKey: data.tokenKey,
    publishing,
  });
  const monitoring = new MonitoringStack(app, `${config.stackPrefix}-Monitoring`, {
    config,
    description: `Mark.0 ${config.stage}: alarms, alarm topics, health probe and the operations dashboard (stateless)`,
    tags,
    api: { restApiName: api.restApi.api.restApiName, stageName: config.stage, url: api.restApi.api.url },
    table: data.table,
    functions: {
      ...Object.fromEntries(Object.entries(api.functions).map(([name, fn]) => [name, fn.function])),
      authorizer: api.authorizerFunction.function,
      ...(backup ? { 'backup-events': backup.eventsFunction.function } : {}),
    },
    publishing: {
      queue: publishing.publishQueue,
      deadLetterQueue: publishing.deadLetterQueue,
      publisher: publishing.publisherFunction.function,
      reconciler: publishing.reconcilerFunction.function,
      scheduleGroupName: publishing.scheduleGroup.scheduleGroupName,
      schedulerDeadLetterQueue: publishing.schedulerDeadLetterQueue,
    },
    backups: backup !== undefined,
  });
  return { data, backup, backupCopy, publishing, api, monitoring };
}

/**
 * Runs cdk-nag's AWS Solutions rules at synthesis (a CDK validation plugin):
 * an unacknowledged error fails the synth; warnings are printed. Every
 * acknowledgement sits next to the resource it concerns, with its reason.
 */
export function addComplianceChecks(app: App): AwsSolutionsChecks {
  const checks = new AwsSolutionsChecks(app, { verbose: true });
  Validations.of(app).addPlugins(checks);
  return checks;
}
