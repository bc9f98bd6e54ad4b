import { queueOf, type ScheduledMessage } from '../../core/publishing/publish-message';
import type { AwsApi } from './aws-api';
import type { PostScheduler } from '../../core/ports/post-scheduler';

export interface SchedulerTarget {
  groupName: string;
  /** The publish queue. */
  queueArn: string;
  /** The evergreen queue: where evergreen runs go (queueOf); a function that schedules none has none. */
  evergreenQueueArn?: string;
  /** The role EventBridge Scheduler assumes to send to the queue (the caller needs iam:PassRole on it). */
  roleArn: string;
  /** Where Scheduler puts a delivery it gave up on (alarmed; the reconciler re-drives the post meanwhile). */
  deadLetterArn?: string;
}

/**
 * One one-time EventBridge Scheduler schedule per post and due time, in the
 * app's schedule group: `at()` in UTC, no flexible window, deleted by the
 * service once it has fired, delivering the publish message to the SQS queue.
 *
 * The name carries the due time (`<postId>-<epoch seconds>`), so a reschedule
 * creates a new schedule and removes the old one only once the post is saved:
 * a crash in between leaves at worst an extra schedule, whose message the
 * publisher ignores, never a post without one.
 */
export class EventBridgePostScheduler implements PostScheduler {
  constructor(
    private readonly scheduler: Pick<AwsApi, 'rest'>,
    private readonly target: SchedulerTarget,
    private readonly warn: (message: string, details: Record<string, unknown>) => void = () => undefined,
  ) {}

  async schedule(message: ScheduledMessage): Promise<void> {
    const { Name, ...body } = this.scheduleInput(message);
    const path = `/schedules/${encodeURIComponent(Name)}`;
    try {
      await this.scheduler.rest('POST', path, { body }); // CreateSchedule
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConflictException')) throw error;
      // Same post, same time: make sure it says what we want (a retry of a half-done request lands here).
      await this.scheduler.rest('PUT', path, { body }); // UpdateSchedule
    }
  }

  async cancel(message: ScheduledMessage): Promise<void> {
    try {
      await this.scheduler.rest('DELETE', `/schedules/${encodeURIComponent(scheduleName(message))}`, { query: { groupName: this.target.groupName } });
    } catch (error) {
      // Already fired (and deleted by the service) or never created: nothing to cancel.
      if (error instanceof Error && error.name === 'ResourceNotFoundException') return;
      // A schedule left behind only delivers a message the publisher ignores; the request must not fail for it.
      this.warn('could not delete a schedule', { schedule: scheduleName(message), error: error instanceof Error ? error.name : String(error) });
    }
  }

  /** Deletes the schedule and fails if it cannot (the account deletion job retries); one already fired or never created counts as done. */
  async remove(message: ScheduledMessage): Promise<void> {
    try {
      await this.scheduler.rest('DELETE', `/schedules/${encodeURIComponent(scheduleName(message))}`, { query: { groupName: this.target.groupName } }); // DeleteSchedule
    } catch (error) {
      if (error instanceof Error && error.name === 'ResourceNotFoundException') return; // fired (and deleted by the service) or never created
      throw error;
    }
  }

  private queueArn(message: ScheduledMessage): string {
    if (queueOf(message) === 'publish') return this.target.queueArn;
    if (!this.target.evergreenQueueArn) throw new Error('No EVERGREEN_QUEUE_ARN: this function schedules no evergreen runs');
    return this.target.evergreenQueueArn;
  }

  /** CreateSchedule's input (EventBridge Scheduler API), the name aside in the path. */
  scheduleInput(message: ScheduledMessage) {
    return {
      Name: scheduleName(message),
      GroupName: this.target.groupName,
      ScheduleExpression: atExpression(message.scheduledAt),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Description: 'kind' in message ? `Evergreen run of post ${message.postId}` : `Publish post ${message.postId}`,
      Target: {
        Arn: this.queueArn(message),
        RoleArn: this.target.roleArn,
        Input: JSON.stringify(message),
        // Delivery to SQS is retried by the service for an hour; past that, the reconciler re-drives the post.
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 20 },
        ...(this.target.deadLetterArn ? { DeadLetterConfig: { Arn: this.target.deadLetterArn } } : {}),
      },
    };
  }
}

/** `<postId>-<epoch seconds>` (an evergreen run: `eg-` before it): at most 40 characters, within Scheduler's 64. */
export function scheduleName(message: ScheduledMessage): string {
  return `${'kind' in message ? 'eg-' : ''}${message.postId}-${Math.floor(Date.parse(message.scheduledAt) / 1000)}`;
}

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC. */
export function atExpression(iso: string): string {
  return `at(${new Date(iso).toISOString().slice(0, 19)})`;
}
