import { gunzipSync } from 'node:zlib';
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { CloudWatchLogsDecodedData, CloudWatchLogsEvent, Context } from 'aws-lambda';
import type { RequestRecorder } from '../core/ports/request-meter';
import { tallyRequests } from '../core/usage/request-tally';
import { lazyHandler } from './http/http-api';
import { logger } from './powertools';
import { usageCounterDeps } from '../wiring/aws/usage-counter-deps';

export interface UsageCounterDeps {
  meter: RequestRecorder;
}

export type UsageCounterHandler = (event: CloudWatchLogsEvent, context: Context) => Promise<{ lines: number; users: number; recorded: boolean }>;

/**
 * The usage counter: subscribed to the API's access log, it counts every
 * signed-in user's request from its log line (core/usage/request-tally.ts) and
 * adds each user's count to their daily usage item in one exactly-once batch
 * (RequestRecorder.record, keyed by the batch's first log event). So no request
 * writes on its own path: a read costs its one DynamoDB call, and GET
 * /v1/usage shows every request a second or so after it was answered.
 *
 * A failure throws: Lambda retries the delivery (asynchronous invocation), and
 * the batch key makes the retry add only what is missing.
 */
export function createUsageCounter(deps: UsageCounterDeps): UsageCounterHandler {
  const count = async (event: CloudWatchLogsEvent): Promise<{ lines: number; users: number; recorded: boolean }> => {
    const data = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8')) as CloudWatchLogsDecodedData;
    // CloudWatch Logs checks a new subscription with a control message: nothing to count.
    if (data.messageType !== 'DATA_MESSAGE' || data.logEvents.length === 0) return { lines: 0, users: 0, recorded: false };
    const counts = tallyRequests(data.logEvents.map((logEvent) => logEvent.message));
    const recorded = counts.length > 0 && (await deps.meter.record(data.logEvents[0]!.id, counts));
    logger.info('requests counted', { lines: data.logEvents.length, users: counts.length, recorded });
    return { lines: data.logEvents.length, users: counts.length, recorded };
  };
  return middy(count).use(injectLambdaContext(logger, { clearState: true, resetKeys: true })) as unknown as UsageCounterHandler;
}

export const handler = lazyHandler(async () => {
  return createUsageCounter(await usageCounterDeps());
});
