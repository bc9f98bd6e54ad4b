import { AwsApi } from '../../adapters/aws/aws-api';
import { linkedinPostUrlBase, required } from '../config';
import { accountReader, auditLog, connectionStore, metering, postStore, type Warn } from './aws-deps';
import { secretEnv } from './secret-env';
import { EventBridgePostScheduler } from '../../adapters/aws/eventbridge-post-scheduler';

import { ENV } from '../../contract/environment';
import { publishQueueFrom } from './publish-queue';
import { mediaStorage, mediaStore } from './media-storage';

/** The posts function: the table, EventBridge Scheduler (schedules) and SQS (publish now). */
export async function postsDeps(warn: Warn) {
  const e = await secretEnv();
  return {
    posts: await postStore(required(e, ENV.cursorSigningKey)),
    connections: await connectionStore(),
    accounts: await accountReader(),
    audit: await auditLog(),
    scheduler: new EventBridgePostScheduler(
      new AwsApi({ service: 'scheduler' }),
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
