import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SQSClient } from '@aws-sdk/client-sqs';
import { required } from '../config';
import { ApiGatewayAuthorizerCache } from '../../adapters/aws/api-gateway-authorizer-cache';
import { AwsApiKeyProvisioner } from '../../adapters/aws/api-gateway-keys';
import { CognitoIdentityDirectory } from '../../adapters/aws/cognito-identity-directory';
import { EventBridgePostScheduler } from '../../adapters/aws/eventbridge-post-scheduler';
import { SqsDeletionQueue } from '../../adapters/aws/sqs-deletion-queue';
import { DynamoAccountDeletionStore } from '../../adapters/dynamodb/account-deletion-store';
import { DynamoOAuthStateStore } from '../../adapters/dynamodb/oauth-state-store';
import { DynamoUserDataStore } from '../../adapters/dynamodb/user-data-store';
import { systemClock } from '../../adapters/system-clock';
import { ENV } from '../../contract/environment';
import type { DeletionWorkerDeps } from '../../core/account-data/run-deletion';
import { mediaObjectsEraser } from '../../core/media/media-account';
import { db, env, type Warn } from './aws-deps';
import { mediaStorage } from './media-storage';

/**
 * The account-deletion worker: the table, Cognito (the identity), API Gateway
 * (the stage's authorizer cache, the user's API key), EventBridge Scheduler
 * (pending posts' schedules), the media bucket (the user's files) and its own
 * queue (to resume a waiting job).
 */
export async function deletionDeps(warn: Warn): Promise<DeletionWorkerDeps> {
  const e = await env();
  const tableName = required(e, ENV.tableName);
  const apiGateway = new APIGatewayClient({ maxAttempts: 1 });
  return {
    records: new DynamoAccountDeletionStore(db(), tableName, systemClock),
    data: new DynamoUserDataStore(db(), tableName),
    identities: new CognitoIdentityDirectory(new CognitoIdentityProviderClient({}), required(e, ENV.userPoolId)),
    authorizerCache: new ApiGatewayAuthorizerCache(apiGateway, { restApiId: required(e, ENV.restApiId), stageName: required(e, ENV.apiStageName) }),
    scheduler: new EventBridgePostScheduler(
      new SchedulerClient({}),
      // Only removes schedules: the target is never used to create one.
      { groupName: required(e, ENV.scheduleGroupName), queueArn: '', roleArn: '' },
      warn,
    ),
    oauthStates: new DynamoOAuthStateStore(db(), tableName),
    apiKeys: new AwsApiKeyProvisioner({ resourcePrefix: required(e, ENV.apiResourcePrefix), client: apiGateway }),
    storedObjects: [mediaObjectsEraser(mediaStorage(e))],
    clock: systemClock,
    queue: new SqsDeletionQueue(new SQSClient({}), required(e, ENV.deletionQueueUrl), warn),
  };
}
