import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent, Context, ScheduledEvent } from 'aws-lambda';
import type { Route } from '@contract/routes';

/**
 * Turns a Node HTTP request into the API Gateway REST proxy event the Lambda
 * handlers receive in AWS: the same fields (resource, pathParameters,
 * requestContext.authorizer …), so handlers cannot tell the difference.
 */
export function toProxyEvent(input: {
  req: IncomingMessage;
  url: URL;
  route: Route;
  pathParameters: Record<string, string>;
  body: Buffer;
  authorizer?: Record<string, string>;
  /** The API key the request was metered with (from the authorizer), as API Gateway reports it. */
  apiKey?: string;
}): APIGatewayProxyEvent {
  const { req, url, route } = input;
  // Maps, then Object.fromEntries: a header or parameter named `constructor` or `__proto__` becomes an
  // own property, as in API Gateway's (JSON) event, instead of meeting Object.prototype's (a 500 before).
  const multiHeaders = new Map<string, string[]>();
  for (let i = 0; i < req.rawHeaders.length; i += 2) appendTo(multiHeaders, req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const multiQueries = new Map<string, string[]>();
  for (const [name, value] of url.searchParams) appendTo(multiQueries, name, value);
  const headers = lastValues(multiHeaders);
  const multiValueHeaders = Object.fromEntries(multiHeaders);
  const query = lastValues(multiQueries);
  const multiQuery = Object.fromEntries(multiQueries);
  const hasQuery = Object.keys(query).length > 0;
  const hasParams = Object.keys(input.pathParameters).length > 0;
  const now = Date.now();
  const textual = isUtf8(input.body);
  return {
    resource: route.path,
    path: url.pathname,
    httpMethod: route.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: hasParams ? input.pathParameters : null,
    stageVariables: null,
    // As text, the way API Gateway passes a JSON body; bytes that are not UTF-8 go as they came (base64),
    // so the function can refuse them instead of reading replacement characters (api-request.ts).
    body: input.body.length === 0 ? null : textual ? input.body.toString('utf8') : input.body.toString('base64'),
    isBase64Encoded: !textual,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: input.authorizer ?? null,
      protocol: `HTTP/${req.httpVersion}`,
      httpMethod: route.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: input.apiKey ?? null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        user: null,
        userAgent: req.headers['user-agent'] ?? null,
        userArn: null,
      },
      path: url.pathname,
      stage: 'local',
      requestId: randomUUID(),
      requestTimeEpoch: now,
      resourceId: 'local',
      resourcePath: route.path,
    },
  };
}

function appendTo(values: Map<string, string[]>, name: string, value: string): void {
  const list = values.get(name);
  if (list) list.push(value);
  else values.set(name, [value]);
}

/** The last value of each name (API Gateway's single-value maps). */
function lastValues(values: Map<string, string[]>): Record<string, string> {
  return Object.fromEntries([...values].map(([name, list]) => [name, list[list.length - 1]!]));
}

/** A Lambda context good enough for Powertools (function name, request id, remaining time). */
export function lambdaContext(functionName: string, timeoutMs = 10_000): Context {
  const started = Date.now();
  const awsRequestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The event an EventBridge schedule rule sends a function (the local twins of the reconcilers' rules). */
export function scheduledEvent(now: Date, rule: string): ScheduledEvent {
  return {
    version: '0',
    id: `local-${now.getTime()}`,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: now.toISOString(),
    region: 'local',
    resources: [`arn:aws:events:local:000000000000:rule/${rule}`],
    detail: {},
  };
}
