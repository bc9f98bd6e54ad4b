import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayAuthorizerResult, APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { NO_VALUE, type AccessLogLine } from '@contract/access-log';
import { gatewayErrorBody, GATEWAY_RESPONSES, type GatewayResponseDefinition, type GatewayResponseType } from '@contract/gateway-responses';

import { CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS, CORS_MAX_AGE_SECONDS } from '@contract/gateway-settings';
import { matchRoute, routeKey, type FunctionName, type Route } from '@contract/routes';
import type { AuthorizerHandler } from '@lambdas/handlers/authorizer';
import type { ProxyHandler, StreamingProxyResult } from '@lambdas/handlers/http/http-api';
import type { ConcurrencyModel } from './capacity';
import { lambdaContext, toProxyEvent } from './proxy-event';
import { pipeStream } from './stream-response';
import { readBody } from './read-body';
import { DrainingServer } from './draining-server';
import { ENV } from '@contract/environment';
import { errorBody } from '@contract/api/errors';

/** API Gateway refuses payloads over 10 MB; locally we stop reading well before that. */
const MAX_GATEWAY_BODY_BYTES = 1024 * 1024;

/** A route the local runtime serves itself (sign-in, JWKS, config.json, sandbox pages). Returns false to pass. */
export type LocalRoute = (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) => Promise<boolean> | boolean;

/**
 * Runs before the authorizer (per-IP rules) or after it (per-user rules), the
 * way WAF and usage plans sit in front of the handlers in AWS. Returns a
 * response to refuse the request, or undefined to let it through.
 *
 * `beforeAuth` sees every API request, as WAF does: unknown routes (no `route`)
 * and CORS preflights included. `afterAuth` sees requests the authorizer
 * allowed, with the API key it returned (`usageIdentifierKey`), as usage plans do.
 */
export interface RequestGuard {
  beforeAuth?(input: { ip: string; method: string; path: string; authorization?: string; route?: Route }): GuardRefusal | undefined;
  afterAuth?(input: {
    ip: string;
    route: Route;
    context: Record<string, string>;
    usageIdentifierKey: string;
  }): GuardRefusal | undefined | Promise<GuardRefusal | undefined>;
}

export interface GuardRefusal {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface GatewayOptions {
  routes: readonly Route[];
  functions: Record<FunctionName, ProxyHandler>;
  authorizer: AuthorizerHandler;
  /** Seconds an authorizer result is reused for the same token, as API Gateway's cache does. */
  authorizerCacheTtlSeconds: number;
  localRoutes?: LocalRoute[];
  guards?: RequestGuard[];
  /** Called for every API request served (for the local access log). */
  onRequest?: (entry: { method: string; path: string; status: number; ms: number }) => void;
  /** Wraps each function invocation, labelled with its route key (the runtime counts DynamoDB calls per route with it). */
  invocationScope?: InvocationScope;
  /** Lambda's concurrency and timeouts per function (bin/runtime/capacity.ts); without it, unlimited and 10 s. */
  capacity?: Pick<ConcurrencyModel, 'acquire' | 'timeoutMs'>;
  /** Called with every API request's access log line, as API Gateway writes it (the usage counter reads them). */
  accessLog?: (line: AccessLogLine) => void;
  /** The time the access log gives a request (`$context.requestTimeEpoch`): the runtime's clock, so tests can move it. */
  clock?: { now(): Date };
}

/** Something that runs one invocation in a scope of its own (lambdas/adapters/dynamodb/call-counter.ts). */
export interface InvocationScope {
  run<T>(label: string, invoke: () => Promise<T>): Promise<T>;
  /** A streamed answer's body, read within the invocation's scope (which lasts until it ends). */
  continued<T>(stream: AsyncIterable<T>): AsyncIterable<T>;
}

/**
 * The local stand-in for API Gateway: matches the shared route table, runs the
 * same Lambda authorizer (with a result cache), builds proxy events and invokes
 * the same handlers. Gateway-level refusals use the same JSON as AWS's
 * customised gateway responses.
 */
export class LocalGateway {
  private readonly authCache = new Map<string, { result: APIGatewayAuthorizerResult; expires: number }>();
  private server: DrainingServer | undefined;
  /** Until the runtime says every part is ready (token issuer, scheduler), every request gets 503 with Retry-After. */
  private ready = false;

  constructor(private readonly options: GatewayOptions) {}

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    const server = new DrainingServer(
      (req, res) => this.handle(req, res),
      (res) => send(res, 503, errorBody('SERVICE_UNAVAILABLE', 'Mark.0 is stopping; try again in a few seconds.'), { 'Retry-After': '5' }),
      (res, error) => {
        console.error('[gateway] unexpected error', error);
        if (!res.headersSent) send(res, 500, errorBody('INTERNAL_ERROR', 'The local gateway failed; see the server log.'));
        else res.end();
      },
    );
    this.server = server;
    return server.listen(port, host);
  }

  /** Stops taking requests; those in flight finish for up to `graceMs` (DrainingServer). */
  async close(graceMs?: number): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await server.close(graceMs);
  }

  /** Every part behind the gateway is up: from now on requests are served. */
  open(): void {
    this.ready = true;
  }

  /** Forget cached authorizer results (e.g. a test changed a user's tier). */
  clearAuthorizerCache(): void {
    this.authCache.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.ready) {
      // Listening before ready only because the port is needed to finish starting (issuer URL, callback).
      send(res, 503, errorBody('SERVICE_UNAVAILABLE', 'Mark.0 is starting; try again in a second.'), { 'Retry-After': '1' });
      return;
    }
    const started = Date.now();
    const requestTime = this.options.clock?.now().getTime() ?? started;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req, MAX_GATEWAY_BODY_BYTES);
    if (body === 'too-large') {
      send(res, 413, errorBody('PAYLOAD_TOO_LARGE', `The request body is over ${MAX_GATEWAY_BODY_BYTES} bytes.`));
      return;
    }
    for (const local of this.options.localRoutes ?? []) {
      if (await local(req, res, url, body)) return;
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const { match, allowed } = matchRoute(method, url.pathname, this.options.routes);
    const ip = req.socket.remoteAddress ?? '127.0.0.1';
    const served: Served = { status: 0 };
    try {
      for (const guard of this.options.guards ?? []) {
        const refusal = guard.beforeAuth?.({ ip, method, path: url.pathname, authorization: req.headers.authorization, route: match?.route });
        if (refusal) {
          served.status = sendRefusal(res, refusal);
          return;
        }
      }
      if (method === 'OPTIONS' && allowed.length > 0) {
        res.writeHead(204, corsPreflightHeaders(allowed)).end();
        served.status = 204;
        return;
      }
      await this.serveApi(req, res, url, body, method, match, ip, served);
    } finally {
      this.record(req, url, method, match?.route, { started, requestTime }, served);
    }
  }

  /** One access log line per API request, in the fields API Gateway logs (lambdas/contract/access-log.ts), and the short entry. */
  private record(req: IncomingMessage, url: URL, method: string, route: Route | undefined, at: { started: number; requestTime: number }, served: Served): void {
    const ms = Date.now() - at.started;
    this.options.onRequest?.({ method, path: url.pathname, status: served.status, ms });
    if (!this.options.accessLog) return;
    const value = (v: string | number | undefined) => (v === undefined || v === '' ? NO_VALUE : String(v));
    this.options.accessLog({
      requestId: served.requestId ?? randomUUID(),
      time: String(at.requestTime),
      ip: req.socket.remoteAddress ?? '127.0.0.1',
      userAgent: value(req.headers['user-agent']),
      method,
      resource: value(route?.path),
      path: url.pathname,
      protocol: `HTTP/${req.httpVersion}`,
      status: String(served.status),
      responseLength: value(served.responseLength),
      latencyMs: String(ms),
      userId: value(served.userId),
      apiKeyMode: value(served.apiKeyMode),
      authorizerStatus: value(served.authorizerStatus),
      authorizerLatencyMs: value(served.authorizerLatencyMs),
      authorizerError: NO_VALUE,
      integrationStatus: value(served.integrationStatus),
      integrationLatencyMs: value(served.integrationLatencyMs),
      integrationError: value(served.integrationError),
      errorType: value(served.errorType),
    });
  }

  private async serveApi(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: Buffer,
    method: string,
    match: ReturnType<typeof matchRoute>['match'],
    ip: string,
    served: Served,
  ): Promise<void> {
    if (!match) {
      served.errorType = 'MISSING_AUTHENTICATION_TOKEN';
      served.status = sendGateway(res, 'MISSING_AUTHENTICATION_TOKEN', { method, path: url.pathname });
      return;
    }
    const { route, pathParameters } = match;
    let authorizer: Record<string, string> | undefined;
    let apiKey: string | undefined;
    if (route.auth === 'user') {
      const authStarted = Date.now();
      const result = await this.authorize(req.headers.authorization, `arn:aws:execute-api:local:000000000000:local/local/${method}${route.path}`);
      served.authorizerLatencyMs = Date.now() - authStarted;
      if (typeof result === 'string') {
        served.errorType = result;
        served.authorizerStatus = GATEWAY_RESPONSES[result].status;
        served.status = sendGateway(res, result, {});
        return;
      }
      served.authorizerStatus = 200;
      authorizer = { principalId: result.principalId, ...stringify(result.context ?? {}) };
      served.userId = result.principalId;
      served.apiKeyMode = authorizer['apiKeyMode'];
      // User routes require an API key (`apiKeyRequired`), and only the authorizer supplies it (`apiKeySource: AUTHORIZER`).
      apiKey = result.usageIdentifierKey ?? undefined;
      if (!apiKey) {
        served.errorType = 'INVALID_API_KEY';
        served.status = sendGateway(res, 'INVALID_API_KEY', {});
        return;
      }
      for (const guard of this.options.guards ?? []) {
        const refusal = await guard.afterAuth?.({ ip, route, context: authorizer, usageIdentifierKey: apiKey });
        if (refusal) {
          served.status = sendRefusal(res, refusal);
          return;
        }
      }
    }
    // Built once the function has a slot: a refused invocation (most of them under overload) never needs it.
    const outcome = await this.invoke(route, () => {
      const event = toProxyEvent({ req, url, route, pathParameters, body, ...(authorizer ? { authorizer } : {}), ...(apiKey ? { apiKey } : {}) });
      served.requestId = event.requestContext.requestId;
      return event;
    });
    if ('refused' in outcome) {
      served.errorType = outcome.refused;
      served.integrationError = outcome.error;
      served.status = sendGateway(res, outcome.refused, {});
      return;
    }
    const { result, ms } = outcome;
    served.integrationStatus = 200;
    served.integrationLatencyMs = ms;
    res.writeHead(result.statusCode, { ...(result.headers as Record<string, string>), ...flattenMulti(result.multiValueHeaders) });
    // A streaming route (API Gateway's STREAM transfer mode): the body goes out as the function produces it.
    if (route.stream && result.stream) {
      served.status = await pipeStream(result.stream, res, route.fn, result.statusCode);
      return;
    }
    served.responseLength = Buffer.byteLength(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
    res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
    served.status = result.statusCode;
  }

  /**
   * Invokes the route's function as API Gateway invokes Lambda: refused at
   * once when the function has no free concurrency (Lambda throttles it; API
   * Gateway answers INTEGRATION_FAILURE), and given up on at its timeout
   * (INTEGRATION_FAILURE too: Lambda stopped it). Both are 503 with
   * Retry-After. A function that throws is a 502, as in AWS.
   */
  private async invoke(route: Route, toEvent: () => APIGatewayProxyEvent): Promise<{ result: StreamingProxyResult; ms: number } | { refused: GatewayResponseType; error: string }> {
    const capacity = this.options.capacity;
    const release = capacity ? capacity.acquire(route.fn) : () => undefined;
    if (!release) return { refused: 'INTEGRATION_FAILURE', error: 'Rate Exceeded. (Lambda throttled: no free concurrency)' };
    const timeoutMs = capacity?.timeoutMs(route.fn) ?? 10_000;
    const fn = this.options.functions[route.fn];
    const started = Date.now();
    const scope = this.options.invocationScope;
    const invoke = async (): Promise<StreamingProxyResult> => {
      const result: StreamingProxyResult = await fn(toEvent(), lambdaContext(`mark0-${route.fn}`, timeoutMs));
      // A streaming Lambda's invocation lasts until its stream ends: what it reads meanwhile is its cost too.
      return scope && route.stream && result.stream ? { ...result, stream: scope.continued(result.stream) } : result;
    };
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((done) => (timer = setTimeout(() => done('timeout'), timeoutMs)));
    const running = (scope ? scope.run(routeKey(route.method, route.path), invoke) : invoke()).finally(release);
    try {
      const result = await Promise.race([running, timedOut]);
      if (result === 'timeout') {
        // Lambda stops a function at its timeout, so its slot is free again (the local promise may still settle later).
        release();
        running.catch(() => undefined);
        console.error(`[gateway] function ${route.fn} timed out after ${timeoutMs} ms`);
        return { refused: 'INTEGRATION_FAILURE', error: `Task timed out after ${timeoutMs / 1000} seconds` };
      }
      return { result, ms: Date.now() - started };
    } catch (error) {
      // In AWS an unhandled Lambda error is a 502 from API Gateway; keep the same signal.
      console.error(`[gateway] function ${route.fn} threw`, error);
      return { result: badGateway(), ms: Date.now() - started };
    } finally {
      clearTimeout(timer);
    }
  }

  private async authorize(header: string | undefined, methodArn: string): Promise<APIGatewayAuthorizerResult | GatewayResponseType> {
    const token = header ?? '';
    if (token === '') return 'UNAUTHORIZED';
    const cached = this.authCache.get(token);
    if (cached && cached.expires > Date.now()) return allows(cached.result) ? cached.result : 'ACCESS_DENIED';
    const release = this.options.capacity ? this.options.capacity.acquire('authorizer') : () => undefined;
    // A throttled authorizer is an authorizer failure to API Gateway: 503 with Retry-After.
    if (!release) return 'AUTHORIZER_FAILURE';
    let result: APIGatewayAuthorizerResult;
    try {
      result = await this.options.authorizer({ type: 'TOKEN', authorizationToken: token, methodArn }, lambdaContext('mark0-authorizer'));
    } catch (error) {
      if (error instanceof Error && error.message === 'Unauthorized') return 'UNAUTHORIZED';
      console.error('[gateway] authorizer failed', error);
      return 'AUTHORIZER_FAILURE';
    } finally {
      release();
    }
    if (this.options.authorizerCacheTtlSeconds > 0) {
      if (this.authCache.size > 10_000) this.authCache.clear();
      this.authCache.set(token, { result, expires: Date.now() + this.options.authorizerCacheTtlSeconds * 1000 });
    }
    return allows(result) ? result : 'ACCESS_DENIED';
  }
}

/** What the gateway learnt while serving one request: the access log line is made of it. */
interface Served {
  status: number;
  requestId?: string;
  userId?: string;
  apiKeyMode?: string;
  authorizerStatus?: number;
  authorizerLatencyMs?: number;
  integrationStatus?: number;
  integrationLatencyMs?: number;
  integrationError?: string;
  errorType?: string;
  responseLength?: number;
}

function badGateway(): APIGatewayProxyResult {
  return { statusCode: 502, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(errorBody('BAD_GATEWAY', 'The function failed; see the server log.')) };
}

function allows(result: APIGatewayAuthorizerResult): boolean {
  return result.policyDocument.Statement.some((s) => 'Effect' in s && s.Effect === 'Allow');
}

function stringify(context: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(context).map(([k, v]) => [k, String(v)]));
}

function flattenMulti(headers: APIGatewayProxyResult['multiValueHeaders']): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k] = v.map(String);
  return out;
}

function corsPreflightHeaders(allowed: string[]): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': process.env[ENV.corsAllowOrigin] || '*',
    'Access-Control-Allow-Methods': [...allowed, 'OPTIONS'].join(','),
    'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS.join(','),
    'Access-Control-Max-Age': String(CORS_MAX_AGE_SECONDS),
  };
}

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): number {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Access-Control-Allow-Origin': process.env[ENV.corsAllowOrigin] || '*',
    'Access-Control-Expose-Headers': CORS_EXPOSE_HEADERS.join(','),
    ...headers,
  });
  res.end(JSON.stringify(body));
  return status;
}

function sendGateway(res: ServerResponse, type: GatewayResponseType, vars: { method?: string; path?: string }): number {
  const { status, retryAfterSeconds } = GATEWAY_RESPONSES[type] as GatewayResponseDefinition;
  return send(res, status, gatewayErrorBody(type, vars), retryAfterSeconds ? { 'Retry-After': String(retryAfterSeconds) } : {});
}

function sendRefusal(res: ServerResponse, refusal: GuardRefusal): number {
  return send(res, refusal.status, refusal.body, refusal.headers);
}
