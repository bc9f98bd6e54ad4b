import { Duration, RemovalPolicy, Size, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ACCESS_LOG_FIELDS } from '@contract/access-log';
import { CORS_ALLOW_HEADERS, CORS_MAX_AGE_SECONDS } from '@contract/gateway-settings';
import { routeKey, type FunctionName, type Route } from '@contract/routes';
import type { MarkConfig } from '../config';
import { addGatewayErrorResponses } from './gateway-error-responses';

export interface MarkRestApiProps {
  config: Pick<MarkConfig, 'stage' | 'resourcePrefix' | 'logRetention' | 'apiThrottle'>;
  /** The one origin CORS allows: the web app's. */
  corsAllowOrigin: string;
}

/** What serves the routes: one integration per function, and the authorizer for `auth: 'user'`. */
export interface RouteTargets {
  integrations: Record<FunctionName, apigw.Integration>;
  authorizer: apigw.IAuthorizer;
  /**
   * Why each public route (`auth: 'none'`) may be called without a token, keyed
   * by routeKey (`GET /health`). A public route without a reason fails the synth:
   * opening a route should be a decision someone wrote down.
   */
  publicRouteReasons: Record<string, string>;
}

/**
 * The stage's access log format: one line of JSON per request, its fields in the contract
 * (lambdas/contract/access-log.ts). Beyond the standard fields it names the user
 * (the authorizer's principal id) and their key mode, and says why a request was
 * refused or failed (gateway, authorizer or integration error), which is what an
 * operator looks for first; the usage counter counts requests from these lines.
 * Values are strings; `errorMessage` is already JSON-quoted.
 */
export function accessLogFormat(): string {
  const fields = Object.entries(ACCESS_LOG_FIELDS).map(([name, variable]) => `"${name}":"${variable}"`);
  // messageString is the message already quoted and escaped, so it goes in bare.
  fields.push(`"errorMessage":${apigw.AccessLogField.contextErrorMessageString()}`);
  return `{${fields.join(',')}}`;
}

/**
 * The REST API with everything a route needs around it: a regional endpoint,
 * JSON access logs, stage metrics and default throttling, a request validator,
 * the JSON gateway responses, and CORS preflights.
 *
 * Every method is created in `addRoutes`, the one place where per-method
 * settings (authorizer, validation, `apiKeyRequired` for the usage plans) are
 * decided; the usage plans (tier-usage-plans.ts) and the WAF web ACL
 * (api-firewall.ts) attach to `api.deploymentStage`.
 */
export class MarkRestApi extends Construct {
  readonly api: apigw.RestApi;
  readonly accessLogs: LogGroup;
  /**
   * Checks that required path parameters are present. Request bodies are NOT
   * validated here: API Gateway's model validation answers with a terse message
   * of its own, while the handlers validate bodies (zod, strict, unknown fields
   * refused) and answer 400 with a message and per-field details in the API's
   * error shape.
   */
  readonly parameterValidator: apigw.RequestValidator;
  private readonly corsAllowOrigin: string;

  constructor(scope: Construct, id: string, props: MarkRestApiProps) {
    super(scope, id);
    const { config } = props;
    this.corsAllowOrigin = props.corsAllowOrigin;

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: config.logRetention, removalPolicy: RemovalPolicy.DESTROY });

    this.api = new apigw.RestApi(this, 'Api', {
      restApiName: `${config.resourcePrefix}-api`,
      description: 'Mark.0 API',
      // Regional, not edge-optimized: WAF and a custom domain attach to it directly, and should the API
      // ever sit behind CloudFront, it will be a distribution this app configures rather than a hidden one.
      endpointTypes: [apigw.EndpointType.REGIONAL],
      // The account-wide CloudWatch role is not this app's to own (see the APIG6 acknowledgement).
      cloudWatchRole: false,
      // Lists of posts compress well; tiny responses are not worth the CPU.
      minCompressionSize: Size.kibibytes(1),
      // Clients never send an API key: the authorizer returns the user's (usageIdentifierKey), which meters the
      // request against their tier's usage plan. A leaked key value is therefore useless to a client.
      apiKeySourceType: apigw.ApiKeySourceType.AUTHORIZER,
      deployOptions: {
        stageName: config.stage,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigw.AccessLogFormat.custom(accessLogFormat()),
        metricsEnabled: true,
        loggingLevel: apigw.MethodLoggingLevel.OFF,
        // A ceiling per method (API Gateway applies a stage's default to each method on its own), above the
        // per-user usage plans; config refuses a value below the highest tier's.
        throttlingRateLimit: config.apiThrottle.rateLimit,
        throttlingBurstLimit: config.apiThrottle.burstLimit,
      },
    });

    this.parameterValidator = this.api.addRequestValidator('ParameterValidator', {
      requestValidatorName: 'parameters-only',
      validateRequestParameters: true,
      validateRequestBody: false,
    });

    addGatewayErrorResponses(this.api, props.corsAllowOrigin);

    Validations.of(this.api.node.defaultChild!).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason:
        'The API has a request validator, for request parameters only (parameterValidator, on every method). ' +
        'Bodies are validated in the handlers (strict zod schemas: unknown fields, bad JSON, wrong media type and over-64-KB bodies refused) ' +
        'because they answer 400 with the field-by-field details of the API error shape; API Gateway model validation would answer first, tersely.',
    });

    Validations.of(this.api.deploymentStage).acknowledge({
      id: 'AwsSolutions-APIG6',
      reason:
        'Execution logging needs the account-wide API Gateway CloudWatch role, a per-region singleton that one app should not own ' +
        '(another stack or app would overwrite or delete it), and writes to log groups with no retention. ' +
        'The JSON access log records status, user, latency and the gateway, authorizer and integration error of every request.',
    });
  }

  /** Creates the resource tree and one method per route, plus one CORS preflight per path. */
  addRoutes(routes: readonly Route[], targets: RouteTargets): Map<Route, apigw.Method> {
    const methods = new Map<Route, apigw.Method>();
    const methodsByPath = new Map<string, string[]>();
    for (const route of routes) {
      const resource = this.api.root.resourceForPath(route.path);
      const method = resource.addMethod(route.method, targets.integrations[route.fn], {
        ...authorization(route, targets.authorizer),
        requestParameters: Object.fromEntries(pathParameters(route.path).map((name) => [`method.request.path.${name}`, true])),
        requestValidator: this.parameterValidator,
      });
      acknowledgeAuthorization(method, route, targets.publicRouteReasons);
      methods.set(route, method);
      methodsByPath.set(route.path, [...(methodsByPath.get(route.path) ?? []), route.method]);
    }
    for (const [path, allowed] of methodsByPath) {
      this.api.root.resourceForPath(path).addCorsPreflight({
        allowOrigins: [this.corsAllowOrigin],
        allowMethods: [...allowed, 'OPTIONS'],
        allowHeaders: [...CORS_ALLOW_HEADERS],
        maxAge: Duration.seconds(CORS_MAX_AGE_SECONDS),
        statusCode: 204,
      });
    }
    return methods;
  }
}

function authorization(route: Route, authorizer: apigw.IAuthorizer): apigw.MethodOptions {
  switch (route.auth) {
    case 'user':
      // The key comes from the authorizer: a user route without one is refused before the integration runs.
      return { authorizer, authorizationType: apigw.AuthorizationType.CUSTOM, apiKeyRequired: true };
    case 'none':
      return { authorizationType: apigw.AuthorizationType.NONE };
  }
}

function acknowledgeAuthorization(method: apigw.Method, route: Route, publicRouteReasons: Record<string, string>): void {
  if (route.auth === 'none') {
    const key = routeKey(route.method, route.path);
    const reason = publicRouteReasons[key];
    if (!reason) throw new Error(`Route ${key} is public (auth 'none') but no reason is given in publicRouteReasons`);
    Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason: `${key} is public: ${reason}` });
    Validations.of(method).acknowledge({ id: 'AwsSolutions-COG4', reason: `${key} is public and has no authorizer at all: ${reason}` });
    return;
  }
  Validations.of(method).acknowledge({
    id: 'AwsSolutions-COG4',
    reason:
      'A Lambda TOKEN authorizer verifies the Cognito ID token (RS256, issuer, audience, token_use) instead of a Cognito authorizer, ' +
      'because only a Lambda authorizer can return usageIdentifierKey, which meters each user against their tier usage plan (issue 7).',
  });
}

/** `{id}` placeholders of an API Gateway resource path. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((match) => match[1]!);
}
