import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

/** Publishing's moving parts (issue 3). Present: their alarms and dashboard widgets are built; absent: nothing of them. */
export interface PublishingMonitoring {
  /** The publish queue Scheduler sends due posts to. */
  queue: sqs.IQueue;
  /** Where the publish queue puts messages the publisher failed on after its retries. */
  deadLetterQueue: sqs.IQueue;
  /** Where the evergreen queue puts evergreen runs the evergreen function failed on after its retries. */
  evergreenDeadLetterQueue?: sqs.IQueue;
  publisher: lambda.IFunction;
  reconciler: lambda.IFunction;
  /** The daily LinkedIn-Version check (its metric is alarmed whether or not this is given). */
  linkedinVersionCheck?: lambda.IFunction;
  /** The EventBridge Scheduler group holding one at() schedule per scheduled post. */
  scheduleGroupName: string;
  /** Where Scheduler puts invocations it could not deliver to the queue, when schedules have one. */
  schedulerDeadLetterQueue?: sqs.IQueue;
}
