import type { APIGatewayProxyEvent } from 'aws-lambda';

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
