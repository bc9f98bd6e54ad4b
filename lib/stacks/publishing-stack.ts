import { Validations, CfnOutput, Duration, RemovalPolicy, Stack, Token, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { EVENT_SOURCE, PUBLISHER_TIMEOUT_SECONDS, PUBLISHING, PUBLISH_MAX_RECEIVES } from '@lambdas/core/publishing/publishing-rules';
import type { MarkConfig } from '../config';
import { grantTableData } from '../constructs/app-table';
import { MarkFunction } from '../constructs/mark-function';
import { grantTokenKey } from '../constructs/token-key-access';
import { ENV } from '@contract/environment';
import { EVERGREEN_CONCURRENCY, EVERGREEN_TIMEOUT_SECONDS, PUBLISHER_CONCURRENCY } from '@contract/function-capacity';
import type { MediaStack } from './media-stack';

export interface PublishingStackProps extends StackProps {
  config: MarkConfig;
  table: ITableV2;
  tokenKey: kms.IKey;
  /** The uploads bucket: the publisher streams a post's media from it to LinkedIn. */
  media: MediaStack;
  /** The app secret: the evergreen function reads OPENAI_API_KEY from it for evergreen posts' rewrites. */
  appSecret: ISecret;
}

/** SQS's recommendation for a Lambda event source: visibility at least six times the function's timeout. */
export const PUBLISH_VISIBILITY_TIMEOUT = Duration.seconds(PUBLISHER_TIMEOUT_SECONDS * 6);
/** Days a message the publisher could not handle stays in the DLQ for the operator (SQS's maximum). */
export const DEAD_LETTER_RETENTION = Duration.days(14);
/** Days of publishing events (post.published, post.failed, post.waiting, linkedin.connection_lost) kept for replay to a new or repaired consumer. */
export const EVENT_ARCHIVE_RETENTION = Duration.days(30);
/** Posts published at once, at most (10 batches of 10 in parallel): a 09:00 rush cannot stampede LinkedIn's rate limits. */
export const PUBLISHER_MAX_CONCURRENCY = PUBLISHER_CONCURRENCY;

/**
 * The publishing pipeline: EventBridge Scheduler (one `at()` schedule per post,
 * in this app's schedule group) → SQS publish queue (+ DLQ) → publisher Lambda
 * → LinkedIn, with `post.published` / `post.failed` / `post.waiting` /
 * `linkedin.connection_lost` on a custom event bus (archived), a reconciler
 * every 5 minutes re-driving due posts that lost their message or their
 * worker, and a daily check of the LinkedIn-Version's retirement.
 *
 * A stack of its own on the stateless side: every post's state lives in the
 * table (data stack), so this stack can be destroyed and redeployed; whatever it
 * held in flight (schedules, queued messages) is rebuilt by the reconciler from
 * the table (posts due within its window are published, late ones by up to its
 * period). The API stack takes the schedule group, role and queue from here as
 * typed props, and the monitoring stack alarms on the queue, DLQ and functions
 * exposed below.
 */
export class PublishingStack extends Stack {
  readonly scheduleGroup: scheduler.ScheduleGroup;
  /** The role EventBridge Scheduler assumes to deliver to the queue: sqs:SendMessage on the publish queue, nothing else. */
  readonly schedulerRole: iam.Role;
  readonly publishQueue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  /** Deliveries EventBridge Scheduler gave up on (after an hour of retries); alarmed, while the reconciler re-drives the post. */
  readonly schedulerDeadLetterQueue: sqs.Queue;
  readonly publisherFunction: MarkFunction;
  /** Evergreen posts' runs: Scheduler → evergreen queue (+ DLQ) → evergreen function (an AI rewrite, a new draft, the next run). */
  readonly evergreenQueue: sqs.Queue;
  readonly evergreenDeadLetterQueue: sqs.Queue;
  readonly evergreenFunction: MarkFunction;
  readonly reconcilerFunction: MarkFunction;
  readonly reconcilerRule: events.Rule;
  /** Once a day: how long LinkedIn still answers the LinkedIn-Version the publisher sends (metric LinkedInVersionDaysLeft). */
  readonly linkedinVersionFunction: MarkFunction;
  readonly linkedinVersionRule: events.Rule;
  readonly eventBus: events.EventBus;
  readonly eventArchive: events.Archive;

  constructor(scope: Construct, id: string, props: PublishingStackProps) {
    const { config, table, tokenKey, media, appSecret, ...stackProps } = props;
    super(scope, id, stackProps);

    this.deadLetterQueue = this.deadLetters('PublishDeadLetters', `${config.resourcePrefix}-publish-dlq`);

    this.publishQueue = new sqs.Queue(this, 'PublishQueue', {
      queueName: `${config.resourcePrefix}-publish`,
      // SQS-managed keys: EventBridge Scheduler can deliver without a KMS grant, and messages hold ids only, no content or tokens.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: PUBLISH_VISIBILITY_TIMEOUT,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: PUBLISH_MAX_RECEIVES },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.evergreenDeadLetterQueue = this.deadLetters('EvergreenDeadLetters', `${config.resourcePrefix}-evergreen-dlq`);
    this.evergreenQueue = new sqs.Queue(this, 'EvergreenQueue', {
      queueName: `${config.resourcePrefix}-evergreen`,
      // As the publish queue: Scheduler delivers without a KMS grant, and messages hold ids only.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(EVERGREEN_TIMEOUT_SECONDS * 6),
      deadLetterQueue: { queue: this.evergreenDeadLetterQueue, maxReceiveCount: PUBLISH_MAX_RECEIVES },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.schedulerDeadLetterQueue = this.deadLetters('ScheduleDeadLetters', `${config.resourcePrefix}-schedule-dlq`);
    Validations.of(this.schedulerDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is EventBridge Scheduler's dead-letter queue (named in every post schedule), not a queue anything consumes: " +
        'a dead-letter queue of its own would only move the same messages again. The monitoring stack alarms on its first message.',
    });

    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'Schedules', {
      scheduleGroupName: `${config.resourcePrefix}-posts`,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.schedulerRole = new iam.Role(this, 'SchedulerRole', {
      description: 'EventBridge Scheduler: delivers due posts to the publish queue and evergreen runs to the evergreen queue',
      // Only schedules of this account's post group may use it (confused-deputy guard).
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnEquals: { 'aws:SourceArn': this.scheduleGroup.scheduleGroupArn },
        },
      }),
    });
    this.grantEnqueue(this.schedulerRole);
    this.grantEvergreenEnqueue(this.schedulerRole);
    this.schedulerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.schedulerDeadLetterQueue.queueArn] }),
    );

    this.eventBus = new events.EventBus(this, 'Events', { eventBusName: `${config.resourcePrefix}-publishing` });
    this.eventArchive = this.eventBus.archive('Archive', {
      archiveName: `${config.resourcePrefix}-publishing`,
      description: 'post.published, post.failed, post.waiting and linkedin.connection_lost, for replay',
      eventPattern: { source: [EVENT_SOURCE] },
      retention: EVENT_ARCHIVE_RETENTION,
    });

    this.publisherFunction = new MarkFunction(this, 'PublisherFunction', {
      handlerName: 'publisher',
      description: 'Publishes due posts to LinkedIn from the publish queue, exactly once',
      config,
      timeout: Duration.seconds(PUBLISHER_TIMEOUT_SECONDS),
      // As many as the queue may run at once: an API flood cannot take the capacity posts go out with.
      reservedConcurrency: PUBLISHER_CONCURRENCY,
      environment: {
        [ENV.tableName]: table.tableName,
        [ENV.tokenKeyArn]: tokenKey.keyArn,
        [ENV.eventBusName]: this.eventBus.eventBusName,
        [ENV.publishQueueUrl]: this.publishQueue.queueUrl,
        [ENV.mediaBucket]: media.bucketName,
        [ENV.linkedinVersion]: config.linkedinVersion,
        // An evergreen run left in the publish queue from before the evergreen queue is handed on to it.
        [ENV.evergreenQueueUrl]: this.evergreenQueue.queueUrl,
      },
    });
    const publisher = this.publisherFunction.function;
    this.grantEvergreenEnqueue(publisher);
    grantTableData(table, publisher, 'readWrite');
    grantTokenKey(tokenKey, publisher, 'decrypt');
    // Reads the bytes it streams to LinkedIn; never writes or deletes them.
    media.grantObjects(this.publisherFunction, ['s3:GetObject']);
    this.eventBus.grantPutEventsTo(publisher);
    // Sends too: a message that arrives before its post's time goes back with a delay.
    this.grantEnqueue(publisher);
    publisher.addEventSource(
      new SqsEventSource(this.publishQueue, {
        batchSize: 10,
        // Due posts go out now, not when a batch fills up.
        maxBatchingWindow: Duration.seconds(0),
        reportBatchItemFailures: true,
        maxConcurrency: PUBLISHER_MAX_CONCURRENCY,
      }),
    );

    this.evergreenFunction = this.evergreen(config, table, appSecret);

    this.reconcilerFunction = new MarkFunction(this, 'ReconcilerFunction', {
      handlerName: 'reconciler',
      description: 'Every 5 minutes: re-drives due posts that lost their schedule, message or worker',
      config,
      timeout: Duration.seconds(60),
      environment: {
        [ENV.tableName]: table.tableName,
        [ENV.publishQueueUrl]: this.publishQueue.queueUrl,
        // A due evergreen post whose run was lost goes to the evergreen queue.
        [ENV.evergreenQueueUrl]: this.evergreenQueue.queueUrl,
      },
    });
    grantTableData(table, this.reconcilerFunction.function, 'read');
    this.grantEnqueue(this.reconcilerFunction.function);
    this.grantEvergreenEnqueue(this.reconcilerFunction.function);
    this.reconcilerRule = new events.Rule(this, 'ReconcilerSchedule', {
      description: 'Runs the reconciler',
      schedule: events.Schedule.rate(Duration.minutes(PUBLISHING.reconcileEveryMinutes)),
      // A missed run is made up by the next one five minutes later: no retries piling up behind it.
      targets: [new targets.LambdaFunction(this.reconcilerFunction.function, { retryAttempts: 0 })],
    });

    this.linkedinVersionFunction = new MarkFunction(this, 'LinkedInVersionFunction', {
      handlerName: 'linkedin-version-check',
      description: 'Once a day: days before LinkedIn retires the LinkedIn-Version the publisher sends (alarmed 60 days ahead)',
      config,
      // Arithmetic on a date and one metric line: the smallest size does.
      memorySize: 128,
      environment: { [ENV.linkedinVersion]: config.linkedinVersion },
    });
    this.linkedinVersionRule = new events.Rule(this, 'LinkedInVersionSchedule', {
      description: 'Runs the daily LinkedIn-Version check',
      schedule: events.Schedule.cron({ hour: '6', minute: '0' }),
      // A missed run is made up by the next day's; the alarm has a day's slack.
      targets: [new targets.LambdaFunction(this.linkedinVersionFunction.function, { retryAttempts: 2 })],
    });

    new CfnOutput(this, 'PublishQueueUrl', { value: this.publishQueue.queueUrl, description: 'SQS publish queue' });
    new CfnOutput(this, 'PublishDeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl, description: 'Messages the publisher could not handle' });
    new CfnOutput(this, 'EvergreenDeadLetterQueueUrl', { value: this.evergreenDeadLetterQueue.queueUrl, description: 'Evergreen runs the evergreen function could not handle' });
    new CfnOutput(this, 'EventBusName', { value: this.eventBus.eventBusName, description: 'post.published / post.failed / post.waiting / linkedin.connection_lost events' });
  }

  /**
   * The evergreen function: consumes the evergreen queue, reads the app secret (the OpenAI key),
   * reads and writes the table, and schedules (the next run; the reworded draft's slot). No KMS,
   * LinkedIn, media or event bus: it never publishes.
   */
  private evergreen(config: MarkConfig, table: ITableV2, appSecret: ISecret): MarkFunction {
    const fn = new MarkFunction(this, 'EvergreenFunction', {
      handlerName: 'evergreen',
      description: "Evergreen posts' runs from the evergreen queue: an AI rewrite becomes a draft, queued or left for approval; the next run is scheduled",
      config,
      timeout: Duration.seconds(EVERGREEN_TIMEOUT_SECONDS),
      // As many as the queue may run at once: a flood of runs cannot run up the OpenAI bill or take other functions' capacity.
      reservedConcurrency: EVERGREEN_CONCURRENCY,
      environment: {
        [ENV.tableName]: table.tableName,
        [ENV.scheduleGroupName]: this.scheduleGroup.scheduleGroupName,
        [ENV.schedulerRoleArn]: this.schedulerRole.roleArn,
        [ENV.publishQueueArn]: this.publishQueue.queueArn,
        [ENV.evergreenQueueArn]: this.evergreenQueue.queueArn,
        [ENV.schedulerDeadLetterQueueArn]: this.schedulerDeadLetterQueue.queueArn,
        [ENV.appSecretArn]: appSecret.secretArn,
        [ENV.openaiModel]: config.openai.model,
        [ENV.openaiBaseUrl]: config.openai.baseUrl,
      },
    });
    appSecret.grantRead(fn.function);
    grantTableData(table, fn.function, 'readWrite');
    this.grantScheduling(fn.function);
    const nagRegion = Token.isUnresolved(this.region) ? '<AWS::Region>' : this.region;
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:${nagRegion}:<AWS::AccountId>:schedule/${this.scheduleGroup.scheduleGroupName}/*]`,
      reason:
        'Evergreen runs: one schedule per post and run time (eg-<postId>-<epoch seconds>) and the queued draft\'s own, so names cannot be listed in advance; ' +
        'the wildcard is confined to this app\'s own schedule group (Create/Update/DeleteSchedule only), and iam:PassRole is on the one scheduler role.',
    });
    fn.function.addEventSource(
      new SqsEventSource(this.evergreenQueue, { batchSize: 10, maxBatchingWindow: Duration.seconds(0), reportBatchItemFailures: true, maxConcurrency: EVERGREEN_CONCURRENCY }),
    );
    return fn;
  }

  /** sqs:SendMessage on the evergreen queue and nothing else. */
  grantEvergreenEnqueue(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.evergreenQueue.queueArn] }));
  }

  /** A dead-letter queue: encrypted, TLS-only, kept long enough for the operator to look (alarmed on its first message). */
  private deadLetters(id: string, queueName: string): sqs.Queue {
    return new sqs.Queue(this, id, {
      queueName,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /** sqs:SendMessage on the publish queue and nothing else (grantSendMessages would add GetQueueAttributes/GetQueueUrl, unused). */
  grantEnqueue(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.publishQueue.queueArn] }));
  }

  /**
   * Lets an API function create, update and delete schedules in the post
   * group, and hand the scheduler role to EventBridge Scheduler (iam:PassRole,
   * which no scheduler grant includes), for scheduling only.
   */
  grantScheduling(grantee: iam.IGrantable): void {
    this.scheduleGroup.grantWriteSchedules(grantee);
    this.scheduleGroup.grantDeleteSchedules(grantee);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.schedulerRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
  }
}
