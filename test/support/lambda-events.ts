import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, SQSEvent } from 'aws-lambda';

/** A REST API proxy event as API Gateway sends it, for invoking a handler directly (no gateway). */
export function apiEvent(input: {
  method: string;
  resource: string;
  path?: string;
  body?: unknown;
  userId?: string;
  pathParameters?: Record<string, string>;
}): APIGatewayProxyEvent {
  const body = input.body === undefined ? null : JSON.stringify(input.body);
  return {
    resource: input.resource,
    path: input.path ?? input.resource,
    httpMethod: input.method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: input.pathParameters ?? null,
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: {
      authorizer: input.userId ? { principalId: input.userId, userId: input.userId } : null,
      requestId: 'test-request',
      httpMethod: input.method,
      resourcePath: input.resource,
      path: input.path ?? input.resource,
      stage: 'test',
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

/** An SQS event as the queue's event source mapping delivers it: one record per message (each JSON-encoded), received once. */
export function sqsEvent(messages: unknown[]): SQSEvent {
  return {
    Records: messages.map((message) => ({
      messageId: randomUUID(),
      receiptHandle: 'r',
      body: JSON.stringify(message),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()), SenderId: 'test', ApproximateFirstReceiveTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:local:000000000000:test',
      awsRegion: 'local',
    })),
  };
}
