import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayAuthorizerResult, APIGatewayProxyResult } from 'aws-lambda';
import { gatewayErrorBody, GATEWAY_RESPONSES, type GatewayResponseDefinition, type GatewayResponseType } from '@contract/gateway-responses';

import { CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS, CORS_MAX_AGE_SECONDS } from '@contract/gateway-settings';
import { matchRoute, type FunctionName, type Route } from '@contract/routes';
import type { AuthorizerHandler } from '@lambdas/handlers/authorizer';
import type { ProxyHandler, StreamingProxyResult } from '@lambdas/handlers/http/http-api';
import { lambdaContext, toProxyEvent } from './proxy-event';
import { pipeStream } from './stream-response';
import { readBody } from './read-body';
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
}

/**
 * The local stand-in for API Gateway: matches the shared route table, runs the
 * same Lambda authorizer (with a result cache), builds proxy events and invokes
 * the same handlers. Gateway-level refusals use the same JSON as AWS's
 * customised gateway responses.
 */
export class LocalGateway {
  private readonly authCache = new Map<string, { result: APIGatewayAuthorizerResult; expires: number }>();
  private server: Server | undefined;
  /** Until the runtime says every part is ready (token issuer, scheduler), every request gets 503 with Retry-After. */
  private ready = false;

  constructor(private readonly options: GatewayOptions) {}

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        console.error('[gateway] unexpected error', error);
        if (!res.headersSent) send(res, 500, errorBody('INTERNAL_ERROR', 'The local gateway failed; see the server log.'));
        else res.end();
      });
    });
    server.keepAliveTimeout = 5_000;
    this.server = server;
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(port, host, () => done());
    });
    const address = server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    });
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
    for (const guard of this.options.guards ?? []) {
      const refusal = guard.beforeAuth?.({ ip, method, path: url.pathname, authorization: req.headers.authorization, route: match?.route });
      if (refusal) {
        const status = sendRefusal(res, refusal);
        this.options.onRequest?.({ method, path: url.pathname, status, ms: Date.now() - started });
        return;
      }
    }
    if (method === 'OPTIONS' && allowed.length > 0) {
      res.writeHead(204, corsPreflightHeaders(allowed)).end();
      return;
    }
    const status = await this.serveApi(req, res, url, body, method, match, ip);
    this.options.onRequest?.({ method, path: url.pathname, status, ms: Date.now() - started });
  }

  private async serveApi(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: Buffer,
    method: string,
    match: ReturnType<typeof matchRoute>['match'],
    ip: string,
  ): Promise<number> {
    if (!match) return sendGateway(res, 'MISSING_AUTHENTICATION_TOKEN', { method, path: url.pathname });
    const { route, pathParameters } = match;
    let authorizer: Record<string, string> | undefined;
    let apiKey: string | undefined;
    if (route.auth === 'user') {
      const result = await this.authorize(req.headers.authorization, `arn:aws:execute-api:local:000000000000:local/local/${method}${route.path}`);
      if (typeof result === 'string') return sendGateway(res, result, {});
      authorizer = { principalId: result.principalId, ...stringify(result.context ?? {}) };
      // User routes require an API key (`apiKeyRequired`), and only the authorizer supplies it (`apiKeySource: AUTHORIZER`).
      apiKey = result.usageIdentifierKey ?? undefined;
      if (!apiKey) return sendGateway(res, 'INVALID_API_KEY', {});
      for (const guard of this.options.guards ?? []) {
        const refusal = await guard.afterAuth?.({ ip, route, context: authorizer, usageIdentifierKey: apiKey });
        if (refusal) return sendRefusal(res, refusal);
      }
    }
    const event = toProxyEvent({ req, url, route, pathParameters, body, ...(authorizer ? { authorizer } : {}), ...(apiKey ? { apiKey } : {}) });
    const fn = this.options.functions[route.fn];
    let result: StreamingProxyResult;
    try {
      result = await fn(event, lambdaContext(`mark0-${route.fn}`));
    } catch (error) {
      // In AWS an unhandled Lambda error is a 502 from API Gateway; keep the same signal.
      console.error(`[gateway] function ${route.fn} threw`, error);
      send(res, 502, errorBody('BAD_GATEWAY', 'The function failed; see the server log.'));
      return 502;
    }
    res.writeHead(result.statusCode, { ...(result.headers as Record<string, string>), ...flattenMulti(result.multiValueHeaders) });
    // A streaming route (API Gateway's STREAM transfer mode): the body goes out as the function produces it.
    if (route.stream && result.stream) return pipeStream(result.stream, res, route.fn, result.statusCode);
    res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
    return result.statusCode;
  }

  private async authorize(header: string | undefined, methodArn: string): Promise<APIGatewayAuthorizerResult | GatewayResponseType> {
    const token = header ?? '';
    if (token === '') return 'UNAUTHORIZED';
    const cached = this.authCache.get(token);
    if (cached && cached.expires > Date.now()) return allows(cached.result) ? cached.result : 'ACCESS_DENIED';
    let result: APIGatewayAuthorizerResult;
    try {
      result = await this.options.authorizer({ type: 'TOKEN', authorizationToken: token, methodArn }, lambdaContext('mark0-authorizer'));
    } catch (error) {
      if (error instanceof Error && error.message === 'Unauthorized') return 'UNAUTHORIZED';
      console.error('[gateway] authorizer failed', error);
      return 'AUTHORIZER_FAILURE';
    }
    if (this.options.authorizerCacheTtlSeconds > 0) {
      if (this.authCache.size > 10_000) this.authCache.clear();
      this.authCache.set(token, { result, expires: Date.now() + this.options.authorizerCacheTtlSeconds * 1000 });
    }
    return allows(result) ? result : 'ACCESS_DENIED';
  }
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
