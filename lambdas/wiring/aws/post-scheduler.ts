import { AwsApi } from '../../adapters/aws/aws-api';
import { required } from '../config';
import { EventBridgePostScheduler } from '../../adapters/aws/eventbridge-post-scheduler';
import { ENV, type Env } from '../../contract/environment';
import type { Warn } from './aws-deps';

/** EventBridge Scheduler in the app's schedule group, delivering to the publish queue, and evergreen runs to the evergreen queue where the function schedules them (queue and evergreen functions). */
export function postSchedulerFrom(e: Env, warn: Warn): EventBridgePostScheduler {
  return new EventBridgePostScheduler(
    new AwsApi({ service: 'scheduler' }),
    {
      groupName: required(e, ENV.scheduleGroupName),
      queueArn: required(e, ENV.publishQueueArn),
      ...(e[ENV.evergreenQueueArn] ? { evergreenQueueArn: e[ENV.evergreenQueueArn] } : {}),
      roleArn: required(e, ENV.schedulerRoleArn),
      deadLetterArn: required(e, ENV.schedulerDeadLetterQueueArn),
    },
    warn,
  );
}
