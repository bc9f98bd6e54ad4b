import { errorBody, type ErrorBody } from './errors';

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
}

export const GATEWAY_RESPONSES = {
  /** The authorizer refused the bearer token (missing, expired, bad signature, wrong issuer/audience). */
  UNAUTHORIZED: { status: 401, code: 'UNAUTHORIZED', message: 'Sign in first: the bearer token is missing, expired or invalid.' },
  /** API Gateway's answer for a path or method it does not know. */
  MISSING_AUTHENTICATION_TOKEN: { status: 404, code: 'NOT_FOUND', message: 'There is no route $method $path' },
  ACCESS_DENIED: { status: 403, code: 'FORBIDDEN', message: 'You are not allowed to do this.' },
  /** The authorizer itself failed (not a refusal): a fault on our side, safe to retry. */
  AUTHORIZER_FAILURE: { status: 503, code: 'SERVICE_UNAVAILABLE', message: 'Sign-in could not be checked just now; try again in a moment.' },
} as const satisfies Record<string, GatewayResponseDefinition>;

export type GatewayResponseType = keyof typeof GATEWAY_RESPONSES;

export function gatewayErrorBody(type: GatewayResponseType, vars: { method?: string; path?: string } = {}): ErrorBody {
  const { code, message } = GATEWAY_RESPONSES[type] as GatewayResponseDefinition;
  return errorBody(code, message.replace('$method', vars.method ?? '').replace('$path', vars.path ?? ''));
}
