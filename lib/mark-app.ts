import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { MarkConfig } from './config';
import { ApiStack } from './stacks/api-stack';
import { BackupCopyStack } from './stacks/backup-copy-stack';
import { BackupStack } from './stacks/backup-stack';
import { DataStack } from './stacks/data-stack';
import { EDGE_REGION, EdgeStack } from './stacks/edge-stack';
import { MonitoringStack } from './stacks/monitoring-stack';
import { MailStack } from './stacks/mail-stack';
import { PlanStack } from './stacks/plan-stack';
import { PublishingStack } from './stacks/publishing-stack';
import { MediaStack } from './stacks/media-stack';
import { SiteStack } from './stacks/site-stack';
import { WebStack } from './stacks/web-stack';

export interface MarkStacks {
  data: DataStack;
  /** Only where data is retained: a throwaway stage keeps PITR but no vault (a vault with recovery points cannot be deleted). */
  backup?: BackupStack;
  /** Only with context backupCopyRegion. */
  backupCopy?: BackupCopyStack;
  edge: EdgeStack;
  web: WebStack;
  /** Only with a flat-rate plan (context cloudFrontPlan, `free` by default). */
  plan?: PlanStack;
  media: MediaStack;
  publishing: PublishingStack;
  api: ApiStack;
  mail: MailStack;
  site: SiteStack;
  monitoring: MonitoringStack;
}

export interface MarkAppOptions {
  /** The built web app (web/dist) the site stack uploads; bin/app.ts builds it first. */
  webDist: string;
}

/**
 * The whole deployment, in dependency order:
 *
 *   data (stateful: table, keys, user pool, app secret), and its backup stacks
 *   edge (us-east-1: the CloudFront WAF web ACL)
 *   web  (bucket, CloudFront for the app and the API at one origin, the REST API's empty shell; needs no app stack)
 *   media (stateful: the uploads bucket, its CORS naming the web origin)
 *   publishing (schedules, publish queue, publisher, reconciler; reads media)
 *   api  (fills the REST API; gets the web origin: LinkedIn redirect and return URLs, the Cognito web client)
 *   mail (SES, the mail queue fed by the publishing bus, the mail function; links to the web app and the API)
 *   plan (us-east-1: the CloudFront flat-rate plan of the distribution and its web ACL; -c cloudFrontPlan=none: none)
 *   site (the built app and its config.json, made from the api and data outputs)
 *   monitoring (watching all of them)
 *
 * The web origin (and the REST API's id, made empty in the web stack) flows into
 * the API, and the API's client id into the site, never back, so there is no cycle. bin/app.ts and the infra tests build the app through
 * here, so the tests check exactly what `cdk deploy` ships.
 *
 * Every stack has an explicit region (the edge stack us-east-1, the backup copy
 * its own, the others `config.region`) because the edge-to-web reference
 * crosses regions; the account stays the CLI's.
 */
export function buildMarkApp(app: App, config: MarkConfig, options: MarkAppOptions): MarkStacks {
  const tags = { app: 'mark0', stage: config.stage };
  const env = { region: config.region };
  const name = (stack: string) => `${config.stackPrefix}-${stack}`;

  const data = new DataStack(app, name('Data'), {
    config,
    env,
    description: `Mark.0 ${config.stage}: table, user pool, keys and secrets (stateful, retained)`,
    tags,
  });
  let backupCopy: BackupCopyStack | undefined;
  let backup: BackupStack | undefined;
  if (config.retainData) {
    if (config.backupCopyRegion) {
      backupCopy = new BackupCopyStack(app, name('BackupCopy'), {
        config,
        env: { region: config.backupCopyRegion },
        description: `Mark.0 ${config.stage}: backup copy vault in ${config.backupCopyRegion} (stateful, retained)`,
        tags,
      });
    }
    backup = new BackupStack(app, name('Backup'), {
      config,
      env,
      table: data.table,
      copyVaultArn: config.backupCopyRegion ? BackupCopyStack.vaultArn(config, config.backupCopyRegion) : undefined,
      description: `Mark.0 ${config.stage}: backup vault, plan and weekly restore test of the table (stateful, retained)`,
      tags,
    });
    if (backupCopy) backup.addDependency(backupCopy, 'the plan copies into the copy vault');
  }
  const edge = new EdgeStack(app, name('Edge'), {
    config,
    env: { region: EDGE_REGION },
    description: `Mark.0 ${config.stage}: the AWS WAF web ACL of the web app and the API (CloudFront requires us-east-1)`,
    tags,
  });
  const web = new WebStack(app, name('Web'), {
    config,
    env,
    description: `Mark.0 ${config.stage}: web hosting (private S3 bucket, CloudFront, security headers, access logs)`,
    tags,
    webAclArn: edge.webAcl.attrArn,
    authOrigin: data.users.hostedUiUrl,
  });
  const plan =
    config.cloudFrontPlan === 'none'
      ? undefined
      : new PlanStack(app, name('Plan'), {
          env: { region: EDGE_REGION },
          description: `Mark.0 ${config.stage}: the CloudFront flat-rate plan of the web app and API distribution (us-east-1)`,
          tags,
          plan: config.cloudFrontPlan,
          distributionArn: web.distribution.distributionArn,
          webAclArn: edge.webAcl.attrArn,
        });
  const media = new MediaStack(app, name('Media'), {
    config,
    env,
    description: `Mark.0 ${config.stage}: uploaded media (private bucket, signed URLs only; stateful, retained)`,
    tags,
    webOrigin: web.origin,
  });
  const publishing = new PublishingStack(app, name('Publishing'), {
    config,
    env,
    description: `Mark.0 ${config.stage}: schedules, publish queue, publisher, reconciler and event bus (stateless)`,
    tags,
    table: data.table,
    tokenKey: data.tokenKey,
    media,
    appSecret: data.appSecret,
  });
  // Named, not referenced (mediaBucketName): the order is said here.
  publishing.addStackDependency(media, 'the publisher reads the media bucket');
  const api = new ApiStack(app, name('Api'), {
    config,
    env,
    description: `Mark.0 ${config.stage}: REST API, authorizer, API functions and the web app's Cognito client (stateless)`,
    tags,
    table: data.table,
    appSecret: data.appSecret,
    userPool: data.users.userPool,
    tokenKey: data.tokenKey,
    publishing,
    media,
    webOrigin: web.origin,
    restApi: web.restApiIdentity,
  });
  api.addStackDependency(media, 'the media and posts functions sign URLs for the media bucket');
  const mail = new MailStack(app, name('Mail'), {
    notificationsKey: data.notificationsKey,
    config,
    env,
    description: `Mark.0 ${config.stage}: mail to users (SES identity and configuration set, mail queue, mail function) (stateless)`,
    tags,
    table: data.table,
    appSecret: data.appSecret,
    eventBus: publishing.eventBus,
    webOrigin: web.origin,
    // The unsubscribe links go where users reach the API: the web app's origin, through CloudFront.
    apiUrl: web.origin,
  });
  const site = new SiteStack(app, name('Site'), {
    config,
    env,
    description: `Mark.0 ${config.stage}: the built web app and its runtime config.json`,
    tags,
    webDist: options.webDist,
    webOrigin: web.origin,
    mediaOrigin: media.origin,
    auth: { domain: data.users.hostedUiUrl, clientId: api.webClient.client.userPoolClientId },
  });
  const monitoring = new MonitoringStack(app, name('Monitoring'), {
    config,
    notificationsKey: data.notificationsKey,
    env,
    description: `Mark.0 ${config.stage}: alarms, alarm topics, health probe and the operations dashboard (stateless)`,
    tags,
    // The probe calls /health where users reach the API: through CloudFront and its web ACL.
    api: { restApiName: `${config.resourcePrefix}-api`, stageName: config.stage, url: `${web.origin}/` },
    table: data.table,
    accountDeletion: { deadLetterQueue: api.accountDeletion.deadLetterQueue },
    publishing: {
      queue: publishing.publishQueue,
      deadLetterQueue: publishing.deadLetterQueue,
      evergreenDeadLetterQueue: publishing.evergreenDeadLetterQueue,
      publisher: publishing.publisherFunction.function,
      reconciler: publishing.reconcilerFunction.function,
      linkedinVersionCheck: publishing.linkedinVersionFunction.function,
      scheduleGroupName: publishing.scheduleGroup.scheduleGroupName,
      schedulerDeadLetterQueue: publishing.schedulerDeadLetterQueue,
    },
    backups: backup !== undefined,
    mail: { deadLetterQueue: mail.deadLetterQueue, configurationSetName: mail.configurationSet.configurationSetName },
    businessLogs: {
      authorizer: api.authorizerFunction.logGroup.logGroupName,
      scheduling: [api.functions.posts.logGroup.logGroupName, api.functions.queue.logGroup.logGroupName],
      ai: api.functions.ai.logGroup.logGroupName,
      mail: mail.mailFunction.logGroup.logGroupName,
    },
  });
  return { data, backup, backupCopy, edge, web, ...(plan ? { plan } : {}), media, publishing, api, mail, site, monitoring };
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
