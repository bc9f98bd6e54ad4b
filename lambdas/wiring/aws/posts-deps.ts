import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { linkedinPostUrlBase, required } from '../config';
import { auditLog, connectionStore, env, metering, postStore, type Warn } from './aws-deps';
import { EventBridgePostScheduler } from '../../adapters/aws/eventbridge-post-scheduler';

import { ENV } from '../../contract/environment';
import { publishQueueFrom } from './publish-queue';
import { mediaStorage, mediaStore } from './media-storage';

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
        groupName: required(e, ENV.scheduleGroupName),
        queueArn: required(e, ENV.publishQueueArn),
        roleArn: required(e, ENV.schedulerRoleArn),
        deadLetterArn: required(e, ENV.schedulerDeadLetterQueueArn),
      },
      warn,
    ),
    queue: publishQueueFrom(e),
    media: mediaStore(e),
    storage: mediaStorage(e),
    postUrlBase: linkedinPostUrlBase(e),
    ...(await metering()),
  };
}
