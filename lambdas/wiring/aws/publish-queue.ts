import { AwsApi } from '../../adapters/aws/aws-api';
import { ENV, type Env } from '../../contract/environment';
import { SqsPublishQueue } from '../../adapters/aws/sqs-publish-queue';
import { required } from '../config';

/**
 * The publish queue named by PUBLISH_QUEUE_URL, and the evergreen queue by EVERGREEN_QUEUE_URL where
 * the function sends evergreen messages (reconciler, publisher). Its own module: only the functions
 * that send to them bundle the SQS client.
 */
export function publishQueueFrom(env: Env): SqsPublishQueue {
  return new SqsPublishQueue(new AwsApi({ service: 'sqs' }), required(env, ENV.publishQueueUrl), env[ENV.evergreenQueueUrl] || undefined);
}
