import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { AccountDeletedError, AccountGoneError, AppError, NotFoundError, ServiceUnavailableError } from '../../core/errors';
import { CORS_EXPOSE_HEADERS } from '../../contract/gateway-settings';
import { PUBLIC_ROUTE_KEYS, routeKey } from '../../contract/routes';
import { logger, publishMetrics } from '../powertools';
import { toApiRequest, type ApiRequest, type ApiResult } from './api-request';
import { requestMetering, type MeteringDeps } from './request-metering';
import { ENV } from '../../contract/environment';
import { errorBody } from '../../contract/api/errors';

/**
 * How long before its timeout a function stops waiting for the route handler
 * and answers 503 itself: room for the error middleware, the metrics flush and
 * the response to leave before Lambda stops the function.
 */
export const TIMEOUT_MARGIN_MS = 250;

/** A request that ran out of time: the platform is overloaded or a dependency is slow, so the answer is "retry shortly". */
function outOfTime(): ServiceUnavailableError {
  return new ServiceUnavailableError('This took longer than we allow; nothing was lost, try again in a moment.', 'SERVICE_UNAVAILABLE', 1);
}

export type RouteHandler = (request: ApiRequest) => Promise<ApiResult>;
/** Route handlers keyed by `METHOD /resource/{path}`, exactly as in lambdas/contract/routes.ts. */
export type RouteTable = Record<string, RouteHandler>;

export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** A response whose body is streamed: the Lambda entry pipes `stream` into Lambda's response stream, the local gateway into the socket. */
export type StreamingProxyResult = APIGatewayProxyResult & { stream?: AsyncIterable<string> };

/**
 * The primary adapter every API function shares: dispatch on the route, count
 * (and for pooled API keys, limit) the user's request, run the route handler,
 * and map results and typed errors to API Gateway responses in one place.
 * Anything unexpected is logged and becomes a 500 without internals.
 *
 * A function that serves user routes must be given `metering`: every user
 * request is counted (GET /v1/usage) and users on pooled keys are limited here.
 */
export function httpApi(routes: RouteTable, metering?: MeteringDeps): ProxyHandler {
  const userRoutes = Object.keys(routes).filter((key) => !PUBLIC_ROUTE_KEYS.includes(key));
  if (userRoutes.length > 0 && !metering) {
    throw new Error(`httpApi: ${userRoutes.join(', ')} serve users, so the function must meter requests (pass { meter, clock })`);
  }
  const dispatch = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const handle = routes[routeKey(event.httpMethod, event.resource)];
    if (!handle) throw new NotFoundError(`There is no route ${event.httpMethod} ${event.path}`);
    return toResponse(await handle(toApiRequest(event)));
  };

  return middy(dispatch, {
    // Answer while there is still time to: 503 with Retry-After, never a 500 or Lambda's own timeout.
    timeoutEarlyInMillis: TIMEOUT_MARGIN_MS,
    timeoutEarlyResponse: () => {
      throw outOfTime();
    },
  })
    .use(injectLambdaContext(logger, { clearState: true, resetKeys: true }))
    .use(publishMetrics())
    .use({
      // Sets the response and returns nothing, so the other middlewares' onError (metrics flush) still run.
      onError: async (request) => {
        request.response = errorResponse(request.error);
      },
    })
    .use({
      before: async (request) => {
        logger.appendKeys({ route: routeKey(request.event.httpMethod, request.event.resource), requestId: request.event.requestContext?.requestId });
      },
    })
    .use(requestMetering(metering)) as unknown as ProxyHandler;
}

export function jsonHeaders(): Record<string, string> {
  return {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Access-Control-Allow-Origin': process.env[ENV.corsAllowOrigin] || '*',
    // The web app runs on another origin in AWS; without this the browser hides when to retry.
    'Access-Control-Expose-Headers': CORS_EXPOSE_HEADERS.join(','),
    'X-Content-Type-Options': 'nosniff',
  };
}

export function toResponse(result: ApiResult): StreamingProxyResult {
  const headers = { ...jsonHeaders(), ...result.headers };
  if (result.stream) return { statusCode: result.status, headers, body: '', stream: result.stream };
  return { statusCode: result.status, headers, body: result.body === undefined ? '' : JSON.stringify(result.body) };
}

export function errorResponse(thrown: unknown): APIGatewayProxyResult {
  // Middy's own early timeout, should it ever fire outside httpApi's configuration: a 503, not a 500.
  if (thrown instanceof Error && thrown.name === 'TimeoutError') return errorResponse(outOfTime());
  // A store refused a write because the account is gone: the caller's session is over.
  const error = thrown instanceof AccountGoneError ? new AccountDeletedError() : thrown;
  if (error instanceof AppError) {
    if (error.status >= 500) logger.warn('request failed', { code: error.code, error: error.message });
    return {
      statusCode: error.status,
      headers: { ...jsonHeaders(), ...error.headers },
      body: JSON.stringify(errorBody(error.code, error.message, error.details)),
    };
  }
  logger.error('unhandled error', error as Error);
  return {
    statusCode: 500,
    headers: jsonHeaders(),
    body: JSON.stringify(errorBody('INTERNAL_ERROR', 'Something went wrong on our side; it has been logged. Try again in a moment.')),
  };
}

/**
 * Defers building a handler (and its AWS clients and secrets) to the first
 * invocation, so importing a handler module has no side effects: the local
 * runtime and tests import the same module and inject their own adapters.
 */
export function lazyHandler<E, R>(build: () => Promise<(event: E, context: Context) => Promise<R>>): (event: E, context: Context) => Promise<R> {
  let built: Promise<(event: E, context: Context) => Promise<R>> | undefined;
  return async (event, context) => {
    built ??= build().catch((error: unknown) => {
      built = undefined; // a failed cold start (e.g. secret fetch) is retried on the next invocation
      throw error;
    });
    return (await built)(event, context);
  };
}
