import { GatewayResponse, ResponseType, type IRestApi } from 'aws-cdk-lib/aws-apigateway';
import type { Construct } from 'constructs';

import { CORS_EXPOSE_HEADERS } from '@contract/gateway-settings';
import { GATEWAY_RESPONSES, type GatewayResponseDefinition } from '@contract/gateway-responses';
import { errorBody } from '@contract/api/errors';

/**
 * Placeholders in GATEWAY_RESPONSES messages, and the API Gateway context
 * variables that fill them in AWS (the local gateway fills them itself).
 */
export const MESSAGE_VARIABLES = { $method: '$context.httpMethod', $path: '$context.path' } as const;

/**
 * The answers API Gateway gives on its own, before or instead of a handler,
 * in the handlers' error shape `{"error": {"code", "message", "details"}}`:
 *  - one per entry of GATEWAY_RESPONSES (401 bad token, 404 unknown route, …), with its status;
 *  - DEFAULT_4XX / DEFAULT_5XX for every other refusal (throttled, request too
 *    large, missing path parameter, integration timeout…). Those keep API
 *    Gateway's own status code; the code is API Gateway's response type
 *    (`THROTTLED`, `REQUEST_TOO_LARGE`, …) and the message its own, JSON-quoted.
 */
export function gatewayResponseTemplates(): Record<string, { statusCode?: string; template: string; retryAfterSeconds?: number }> {
  const templates: Record<string, { statusCode?: string; template: string; retryAfterSeconds?: number }> = {};
  for (const [type, definition] of Object.entries(GATEWAY_RESPONSES) as [string, GatewayResponseDefinition][]) {
    templates[type] = {
      statusCode: String(definition.status),
      template: fixedTemplate(definition.code, definition.message),
      ...(definition.retryAfterSeconds ? { retryAfterSeconds: definition.retryAfterSeconds } : {}),
    };
  }
  const fromGateway = '{"error":{"code":"$context.error.responseType","message":$context.error.messageString,"details":[]}}';
  templates['DEFAULT_4XX'] = { template: fromGateway };
  templates['DEFAULT_5XX'] = { template: fromGateway };
  return templates;
}

/** Adds every gateway response to the API, with the CORS and caching headers the handlers send too; returns them (a deployment must follow their changes). */
export function addGatewayErrorResponses(api: IRestApi, corsAllowOrigin: string, scope: Construct): GatewayResponse[] {
  const added: GatewayResponse[] = [];
  for (const [type, { statusCode, template, retryAfterSeconds }] of Object.entries(gatewayResponseTemplates())) {
    const response = new GatewayResponse(scope, `Gateway${pascal(type)}`, {
      restApi: api,
      type: ResponseType.of(type),
      statusCode,
      // Without the CORS header a browser hides the status and body from the web app, which then cannot tell 401 from a network failure.
      responseHeaders: {
        'Access-Control-Allow-Origin': `'${corsAllowOrigin}'`,
        'Access-Control-Expose-Headers': `'${CORS_EXPOSE_HEADERS.join(',')}'`,
        'Cache-Control': "'no-store'",
        // Static: a gateway response cannot compute a wait (see GATEWAY_RESPONSES).
        ...(retryAfterSeconds ? { 'Retry-After': `'${retryAfterSeconds}'` } : {}),
      },
      templates: { 'application/json': template },
    });
    added.push(response);
  }
  return added;
}

function fixedTemplate(code: string, message: string): string {
  let json = JSON.stringify(errorBody(code, message));
  for (const [placeholder, variable] of Object.entries(MESSAGE_VARIABLES)) json = json.split(placeholder).join(variable);
  // Gateway response templates are not VTL, but they do substitute variables: any other `$` would be read as one.
  if (/\$(?!context\.)/.test(json)) throw new Error(`Gateway response message for ${code} has a stray "$": ${message}`);
  return json;
}

function pascal(type: string): string {
  return type
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
