import { Aws, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import type { IRestApi } from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '@contract/environment';
import type { MarkConfig } from '../config';
import type { MediaStack } from '../stacks/media-stack';
import { grantTableData } from './app-table';
import { MarkFunction } from './mark-function';

/** The worker's time per run; a long sweep stops before it and continues in the next message. */
export const DELETION_WORKER_TIMEOUT = Duration.seconds(120);
/** SQS's advice for a Lambda event source: at least six times the function's timeout. */
export const DELETION_VISIBILITY_TIMEOUT = Duration.seconds(DELETION_WORKER_TIMEOUT.toSeconds() * 6);
/** Receives of one message before it is dead-lettered (alarmed); the reconciler still re-drives the job meanwhile. */
export const DELETION_MAX_RECEIVES = 5;
/** Minutes between reconciler runs. */
export const DELETION_RECONCILE_MINUTES = 5;

export interface AccountDeletionProps {
  config: MarkConfig;
  table: ITableV2;
  /** Where the user's identity is deleted (AdminDeleteUser). */
  userPool: IUserPool;
  /** The API whose stage's authorizer cache is flushed, and the stage's name. */
  api: IRestApi;
  stageName: string;
  /** Pending posts' schedules are deleted from this group. */
  scheduleGroup: scheduler.IScheduleGroup;
  /** The user's files are deleted from this bucket (under media/<user id>/, listed by that prefix). */
  media: MediaStack;
}

/**
 * Account deletion: a queue (+ DLQ) of deletion jobs, the worker that runs
 * them, and a rule that runs its reconciler every 5 minutes. The worker may
 * touch exactly what a deletion erases, each grant scoped to this app: the
 * table, AdminDeleteUser on this user pool, FlushStageAuthorizersCache on this
 * stage, API keys (found by name; ids are minted at run time), schedules
 * of this app's group, and listing and deleting objects under media/ of the
 * media bucket.
 */
export class AccountDeletion extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly worker: MarkFunction;
  readonly reconcilerRule: events.Rule;

  constructor(scope: Construct, id: string, props: AccountDeletionProps) {
    super(scope, id);
    const { config, table } = props;

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      queueName: `${config.resourcePrefix}-deletion-dlq`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      queueName: `${config.resourcePrefix}-deletion`,
      // Messages hold a user id only.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: DELETION_VISIBILITY_TIMEOUT,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: DELETION_MAX_RECEIVES },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.worker = new MarkFunction(this, 'Worker', {
      handlerName: 'account-deletion',
      description: "Erases a deleted account's data, schedules, API key and identity, step by step (resumable)",
      config,
      timeout: DELETION_WORKER_TIMEOUT,
      environment: {
        [ENV.tableName]: table.tableName,
        [ENV.userPoolId]: props.userPool.userPoolId,
        [ENV.restApiId]: props.api.restApiId,
        [ENV.apiStageName]: props.stageName,
        [ENV.apiResourcePrefix]: config.resourcePrefix,
        [ENV.scheduleGroupName]: props.scheduleGroup.scheduleGroupName,
        [ENV.deletionQueueUrl]: this.queue.queueUrl,
        [ENV.mediaBucket]: props.media.bucketName,
      },
    });
    const fn = this.worker.function;
    grantTableData(table, fn, 'readWrite');
    this.grantStart(fn);
    fn.addEventSource(new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true }));
    this.reconcilerRule = new events.Rule(this, 'Reconciler', {
      description: 'Re-drives account deletions whose message or worker was lost, and counts overdue ones',
      schedule: events.Schedule.rate(Duration.minutes(DELETION_RECONCILE_MINUTES)),
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 0 })],
    });
    this.grantErasure(props);
  }

  /** sqs:SendMessage on the deletion queue (DELETE /v1/me starts a job; the worker resumes one). */
  grantStart(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
  }

  private grantErasure(props: AccountDeletionProps): void {
    const role = this.worker.role;
    const controlPlane = (path: string) => `arn:${Aws.PARTITION}:apigateway:${Aws.REGION}::${path}`;
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['cognito-idp:AdminDeleteUser'], resources: [props.userPool.userPoolArn] }));
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['apigateway:DELETE'],
        resources: [controlPlane(`/restapis/${props.api.restApiId}/stages/${props.stageName}/cache/authorizers`), controlPlane('/apikeys/*')],
      }),
    );
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['apigateway:GET'], resources: [controlPlane('/apikeys')] }));
    props.scheduleGroup.grantDeleteSchedules(role);
    props.media.grantList(this.worker);
    props.media.grantObjects(this.worker, ['s3:DeleteObject']);

    const region = Token.isUnresolved(Stack.of(props.scheduleGroup).region) ? '<AWS::Region>' : Stack.of(props.scheduleGroup).region;
    Validations.of(role).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:apigateway:<AWS::Region>::/apikeys/*]',
        reason:
          "A user's API key id is minted by API Gateway when the authorizer creates it, so it cannot be named in advance; the worker finds the key by its " +
          'name (user-<id>, GET /apikeys) and may only DELETE API keys, nothing else of the control plane but this stage\'s authorizer cache.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:${region}:<AWS::AccountId>:schedule/${props.scheduleGroup.scheduleGroupName}/*]`,
        reason:
          "A deleted account's pending posts each have a schedule named <postId>-<epoch seconds>, made when the user scheduled it; the wildcard is " +
          "confined to this app's post schedule group and to DeleteSchedule.",
      },
    );
  }
}
