import { required } from '../config';
import { AwsApi } from '../../adapters/aws/aws-api';
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
  // The client's own retries are off: the adapters' bounded, jittered control-plane retries are the only ones.
  const apiGateway = new AwsApi({ service: 'apigateway', maxAttempts: 1 });
  return {
    records: new DynamoAccountDeletionStore(db(), tableName, systemClock),
    data: new DynamoUserDataStore(db(), tableName),
    identities: new CognitoIdentityDirectory(new AwsApi({ service: 'cognito-idp' }), required(e, ENV.userPoolId)),
    authorizerCache: new ApiGatewayAuthorizerCache(apiGateway, { restApiId: required(e, ENV.restApiId), stageName: required(e, ENV.apiStageName) }),
    scheduler: new EventBridgePostScheduler(
      new AwsApi({ service: 'scheduler' }),
      // Only removes schedules: the target is never used to create one.
      { groupName: required(e, ENV.scheduleGroupName), queueArn: '', roleArn: '' },
      warn,
    ),
    oauthStates: new DynamoOAuthStateStore(db(), tableName),
    apiKeys: new AwsApiKeyProvisioner({ resourcePrefix: required(e, ENV.apiResourcePrefix) }),
    storedObjects: [mediaObjectsEraser(mediaStorage(e))],
    clock: systemClock,
    queue: new SqsDeletionQueue(new AwsApi({ service: 'sqs' }), required(e, ENV.deletionQueueUrl), warn),
  };
}
