/**
 * The API's access log line, as data: one JSON object per request. CDK builds
 * the stage's access log format from it (lib/constructs/mark-rest-api.ts), the
 * local gateway writes the same lines (bin/runtime/local-access-log.ts), and the
 * usage counter reads them (lambdas/core/usage/request-tally.ts): every request
 * of a signed-in user is counted from its line, off the request path.
 *
 * Values are the API Gateway `$context` variables; API Gateway writes `-` for a
 * variable without a value (no authorizer on a public route, no integration on
 * a refused request).
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  time: '$context.requestTimeEpoch',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  method: '$context.httpMethod',
  resource: '$context.resourcePath',
  path: '$context.path',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  userId: '$context.authorizer.principalId',
  /** `dedicated` or `pooled` (the authorizer context): pooled users' requests are counted by the handlers that admit them. */
  apiKeyMode: '$context.authorizer.apiKeyMode',
  authorizerStatus: '$context.authorizer.status',
  authorizerLatencyMs: '$context.authorizer.latency',
  authorizerError: '$context.authorizer.error',
  integrationStatus: '$context.integration.status',
  integrationLatencyMs: '$context.integration.latency',
  integrationError: '$context.integration.error',
  errorType: '$context.error.responseType',
} as const;

export type AccessLogField = keyof typeof ACCESS_LOG_FIELDS;

/** One parsed line: every field a string (`-` when API Gateway had no value), plus the quoted error message. */
export type AccessLogLine = Record<AccessLogField, string> & { errorMessage?: string };

/** What API Gateway writes for a variable without a value. */
export const NO_VALUE = '-';
