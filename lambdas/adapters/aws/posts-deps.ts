import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { linkedinPostUrlBase, required } from '../app-config';
import { auditLog, connectionStore, env, metering, postStore, type Warn } from './aws-deps';
import { EventBridgePostScheduler } from './eventbridge-post-scheduler';
import { publishQueueFrom } from './sqs-publish-queue';

/** The posts function: the table, EventBridge Scheduler (schedules) and SQS (publish now). */
export async function postsDeps(warn: Warn) {
  const e = await env();
  return {
    posts: await postStore(true),
    connections: await connectionStore(),
    audit: await auditLog(),
    scheduler: new EventBridgePostScheduler(
      new SchedulerClient({}),
      {
        groupName: required(e, 'SCHEDULE_GROUP_NAME'),
        queueArn: required(e, 'PUBLISH_QUEUE_ARN'),
        roleArn: required(e, 'SCHEDULER_ROLE_ARN'),
        deadLetterArn: required(e, 'SCHEDULER_DLQ_ARN'),
      },
      warn,
    ),
    queue: publishQueueFrom(e),
    postUrlBase: linkedinPostUrlBase(e),
    ...(await metering()),
  };
}
