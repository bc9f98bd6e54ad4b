import { errorBody, type ErrorBody } from './api/errors';

/**
 * What the gateway itself answers, before any handler runs, in the same JSON
 * error shape handlers use. CDK turns these into API Gateway gateway responses;
 * the local gateway sends them as they are. `$method`/`$path` are filled in
 * (from $context in AWS).
 */
export interface GatewayResponseDefinition {
  status: number;
  code: string;
  message: string;
  /**
   * A fixed Retry-After (seconds) API Gateway sends with the response: a gateway
   * response cannot compute one. Where it can, the local gateway (and the
   * handlers, for pooled keys) sends the exact wait instead.
   */
  retryAfterSeconds?: number;
}

export const GATEWAY_RESPONSES = {
  /** The authorizer refused the bearer token (missing, expired, bad signature, wrong issuer/audience). */
  UNAUTHORIZED: { status: 401, code: 'UNAUTHORIZED', message: 'Sign in first: the bearer token is missing, expired or invalid.' },
  /** API Gateway's answer for a path or method it does not know. */
  MISSING_AUTHENTICATION_TOKEN: { status: 404, code: 'NOT_FOUND', message: 'There is no route $method $path' },
  ACCESS_DENIED: { status: 403, code: 'FORBIDDEN', message: 'You are not allowed to do this.' },
  /** The authorizer itself failed or had no room to run (throttled): a fault on our side, safe to retry. */
  AUTHORIZER_FAILURE: {
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    message: 'Sign-in could not be checked just now; try again in a moment.',
    retryAfterSeconds: 1,
  },
  /**
   * The function could not be invoked: Lambda throttled it (its reserved
   * concurrency is in use, contract/function-capacity.ts) or it failed to start.
   * Overload refused at once, never answered late: safe to retry after a second.
   */
  INTEGRATION_FAILURE: {
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    message: 'We are busier than we can serve right now; try again in a moment.',
    retryAfterSeconds: 1,
  },
  /** API Gateway's own 29 s limit; functions answer 503 before their (shorter) timeouts, so this is a backstop. */
  INTEGRATION_TIMEOUT: {
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    message: 'This took longer than we allow; try again in a moment.',
    retryAfterSeconds: 1,
  },
  /**
   * Over the rate or burst of the user's usage plan (or the stage throttle). A
   * bucket refills at 5 tokens a second or more, so one second is the honest wait.
   */
  THROTTLED: {
    status: 429,
    code: 'THROTTLED',
    message: "Too many requests at once for your plan; slow down and retry after the Retry-After header's seconds.",
    retryAfterSeconds: 1,
  },
  /**
   * Over the user's daily request quota. API Gateway cannot compute the seconds
   * to midnight UTC, so it says "an hour"; the message and GET /v1/usage tell
   * the exact reset.
   */
  QUOTA_EXCEEDED: {
    status: 429,
    code: 'DAILY_QUOTA_EXCEEDED',
    message: "You have used today's request quota for your plan; it resets at 00:00 UTC.",
    retryAfterSeconds: 3600,
  },
  /**
   * Clients never send API keys (the authorizer supplies them), so this means a
   * user's key is between two usage plans for an instant (a tier change) or our
   * key set-up is broken: our fault either way, never the user's, so 503, not 403.
   */
  INVALID_API_KEY: {
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    message: 'Your plan is being updated; try again in a moment.',
    retryAfterSeconds: 5,
  },
  /** AWS WAF blocked the request (a managed rule matched it); per-IP rate refusals have their own 429 body. */
  WAF_FILTERED: { status: 403, code: 'REQUEST_BLOCKED', message: 'The firewall blocked this request as malformed or malicious.' },
} as const satisfies Record<string, GatewayResponseDefinition>;

export type GatewayResponseType = keyof typeof GATEWAY_RESPONSES;

export function gatewayErrorBody(type: GatewayResponseType, vars: { method?: string; path?: string } = {}): ErrorBody {
  const { code, message } = GATEWAY_RESPONSES[type] as GatewayResponseDefinition;
  return errorBody(code, message.replace('$method', vars.method ?? '').replace('$path', vars.path ?? ''));
}
