import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV } from '@contract/environment';
import { MAIL } from '@lambdas/core/mail/mail-rules';
import { EVENT_SOURCE } from '@lambdas/core/publishing/publishing-rules';
import { PLACEHOLDER_MAIL_DOMAIN, type MarkConfig } from '../config';
import { grantTableData } from '../constructs/app-table';
import { MarkFunction } from '../constructs/mark-function';

export interface MailStackProps extends StackProps {
  config: MarkConfig;
  table: ITableV2;
  /** The data stack's key for SNS topics AWS services publish to: SES's feedback topic uses it. */
  notificationsKey: kms.Key;
  /** The app secret: the unsubscribe link key is derived from its generated key. */
  appSecret: ISecret;
  /** The publishing stack's bus: post.failed, post.waiting and linkedin.connection_lost come from there. */
  eventBus: events.IEventBus;
  /** Where mail links point: the web app. */
  webOrigin: string;
  /** The API's base URL (stage included): one-click unsubscribe. */
  apiUrl: string;
}

/** The publishing events that lead to a mail. */
export const MAIL_EVENT_TYPES = ['post.failed', 'post.waiting', 'linkedin.connection_lost'] as const;
/** Receives of a mail-queue message before the DLQ: a few retries of a table hiccup, then the operator looks. */
export const MAIL_MAX_RECEIVES = 5;

/**
 * Mail to users: the SES domain identity (Easy DKIM) and configuration set, the mail queue fed by the
 * publishing bus (events) and by SES through an encrypted SNS topic (sends, bounces, complaints), and the
 * mail function that consumes it, sends what is due every minute and runs the daily reminder job.
 * Stateless: the outbox, preferences and suppression list are in the table.
 */
export class MailStack extends Stack {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly feedbackTopic: sns.Topic;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly mailFunction: MarkFunction;

  constructor(scope: Construct, id: string, props: MailStackProps) {
    const { config, table, appSecret, eventBus, webOrigin, apiUrl, notificationsKey, ...stackProps } = props;
    super(scope, id, stackProps);

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `${config.resourcePrefix}-mail`,
      reputationMetrics: true,
      // SES's account-level list as well as ours: a bounced address is not tried again by anyone.
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    this.identity = new ses.EmailIdentity(this, 'Identity', { identity: ses.Identity.domain(config.mail.domain), configurationSet: this.configurationSet });

    // SES publishes to an encrypted topic only with a customer-managed key whose policy lets it.
    notificationsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowSesToPublishToTheEncryptedTopic',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'], // in a key policy, "*" is this key
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    this.feedbackTopic = new sns.Topic(this, 'Feedback', { topicName: `${config.resourcePrefix}-mail-feedback`, masterKey: notificationsKey, enforceSSL: true });
    this.configurationSet.addEventDestination('ToFeedbackTopic', {
      destination: ses.EventDestination.snsTopic(this.feedbackTopic),
      // Send confirms a mail whose sender died before recording it (exactly once); bounces and complaints suppress the address.
      events: [ses.EmailSendingEvent.SEND, ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });

    this.deadLetterQueue = new sqs.Queue(this, 'MailDeadLetters', {
      queueName: `${config.resourcePrefix}-mail-dlq`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.queue = new sqs.Queue(this, 'MailQueue', {
      queueName: `${config.resourcePrefix}-mail`,
      // SQS-managed keys: EventBridge and SNS deliver without KMS grants; messages hold ids, reasons and addresses of bounces.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(MAIL.functionTimeoutSeconds * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAIL_MAX_RECEIVES },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.feedbackTopic.addSubscription(new subscriptions.SqsSubscription(this.queue, { rawMessageDelivery: true }));
    new events.Rule(this, 'MailEvents', {
      description: 'Publishing events that lead to a mail, to the mail queue',
      eventBus,
      eventPattern: { source: [EVENT_SOURCE], detailType: [...MAIL_EVENT_TYPES] },
      targets: [new targets.SqsQueue(this.queue, { deadLetterQueue: this.deadLetterQueue, retryAttempts: 10, maxEventAge: Duration.hours(24) })],
    });

    this.mailFunction = new MarkFunction(this, 'MailFunction', {
      handlerName: 'mail',
      description: 'Mail to users: publishing events and SES notifications into the outbox, sends what is due (SES), daily reminders',
      config,
      timeout: Duration.seconds(MAIL.functionTimeoutSeconds),
      environment: {
        [ENV.tableName]: table.tableName,
        [ENV.appSecretArn]: appSecret.secretArn,
        [ENV.webAppOrigins]: webOrigin,
        [ENV.apiUrl]: apiUrl,
        [ENV.mailFrom]: config.mail.from,
        [ENV.mailConfigurationSet]: this.configurationSet.configurationSetName,
      },
    });
    const fn = this.mailFunction.function;
    grantTableData(table, fn, 'readWrite');
    appSecret.grantRead(fn);
    // Only through this identity and this configuration set, and only from the configured address.
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          this.formatArn({ service: 'ses', resource: 'identity', resourceName: config.mail.domain }),
          this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': config.mail.from } },
      }),
    );
    fn.addEventSource(new SqsEventSource(this.queue, { batchSize: 10, maxBatchingWindow: Duration.seconds(5), reportBatchItemFailures: true, maxConcurrency: 2 }));
    new events.Rule(this, 'MailSweep', {
      description: 'Sends the mail that is due',
      schedule: events.Schedule.rate(Duration.minutes(MAIL.sweepEveryMinutes)),
      // A missed sweep is made up by the next one a minute later.
      targets: [new targets.LambdaFunction(fn, { event: events.RuleTargetInput.fromObject({ job: 'sweep' }), retryAttempts: 0 })],
    });
    new events.Rule(this, 'MailDaily', {
      description: 'LinkedIn expiry reminders; weekly summaries on their day',
      schedule: events.Schedule.cron({ minute: '0', hour: String(MAIL.dailyJobHourUtc) }),
      // Entries are keyed once only: a retried run sends nothing twice.
      targets: [new targets.LambdaFunction(fn, { event: events.RuleTargetInput.fromObject({ job: 'daily' }), retryAttempts: 2 })],
    });

    new CfnOutput(this, 'MailFrom', { value: config.mail.from, description: 'Mails to users come from this address' });
    if (config.mail.domain === PLACEHOLDER_MAIL_DOMAIN) {
      // Said where the operator looks after a deploy; not a synth warning, so a bare `cdk synth` stays clean.
      new CfnOutput(this, 'MailNotSetUp', {
        value: `mailDomain is the placeholder ${PLACEHOLDER_MAIL_DOMAIN}: SES never verifies it and nobody gets mail. Deploy with -c mailDomain=<your domain> -c mailFrom=<address there>.`,
      });
    }
    this.identity.dkimRecords.forEach((record, i) =>
      new CfnOutput(this, `DkimRecord${i + 1}`, { value: `${record.name} CNAME ${record.value}`, description: `DNS record ${i + 1} of 3 that verifies ${config.mail.domain} for SES (Easy DKIM)` }),
    );
  }
}
