import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
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
  /** The API the web stack made (restApiShell). */
  identity: RestApiIdentity;
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
 * The REST API's identity: an empty API (no resources but its root) whose id,
 * and so whose URL, belongs to the web stack, next to the CloudFront
 * distribution that serves it under /v1/* and /health (same origin as the web
 * app). The API stack fills it (MarkRestApi); destroying and redeploying the
 * API stack keeps the id, so the distribution's origin stays right.
 */
export function restApiShell(scope: Construct, config: Pick<MarkConfig, 'resourcePrefix'>): apigw.CfnRestApi {
  const api = new apigw.CfnRestApi(scope, 'RestApi', {
    name: `${config.resourcePrefix}-api`,
    description: 'Mark.0 API (resources, methods and stage: the API stack)',
    // Regional: CloudFront (the web stack) is its front, a distribution this app configures rather than a hidden one.
    endpointConfiguration: { types: ['REGIONAL'] },
    // Lists of posts compress well; tiny responses are not worth the CPU.
    minimumCompressionSize: 1024,
    // Clients never send an API key: the authorizer returns the user's (usageIdentifierKey), which meters the
    // request against their tier's usage plan. A leaked key value is therefore useless to a client.
    apiKeySourceType: 'AUTHORIZER',
  });
  Validations.of(api).acknowledge({
    id: 'AwsSolutions-APIG2',
    reason:
      'The API has a request validator, for request parameters only (MarkRestApi.parameterValidator, on every method, in the API stack). ' +
      'Bodies are validated in the handlers (strict zod schemas: unknown fields, bad JSON, wrong media type and over-64-KB bodies refused) ' +
      'because they answer 400 with the field-by-field details of the API error shape; API Gateway model validation would answer first, tersely.',
  });
  return api;
}

/** The shell's ids, as the API stack receives them. */
export interface RestApiIdentity {
  restApiId: string;
  rootResourceId: string;
}

/**
 * The REST API with everything a route needs around it, on the shell the web
 * stack owns (restApiShell): JSON access logs, stage metrics and default
 * throttling, a request validator, the JSON gateway responses, CORS preflights,
 * and the deployment and stage.
 *
 * Every method is created in `addRoutes`, the one place where per-method
 * settings (authorizer, validation, `apiKeyRequired` for the usage plans) are
 * decided; each is folded into the deployment's identity, so any change to a
 * route deploys the stage anew (what RestApi does for its own methods, which an
 * imported API cannot). The usage plans (tier-usage-plans.ts) attach to `stage`;
 * AWS WAF runs on the CloudFront distribution in front (the edge stack).
 */
export class MarkRestApi extends Construct {
  readonly api: apigw.IRestApi;
  readonly accessLogs: LogGroup;
  readonly deployment: apigw.Deployment;
  readonly stage: apigw.Stage;
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
    this.api = apigw.RestApi.fromRestApiAttributes(this, 'Api', props.identity);

    this.parameterValidator = new apigw.RequestValidator(this, 'ParameterValidator', {
      restApi: this.api,
      requestValidatorName: 'parameters-only',
      validateRequestParameters: true,
      validateRequestBody: false,
    });
    const responses = addGatewayErrorResponses(this.api, props.corsAllowOrigin, this);

    this.deployment = new apigw.Deployment(this, 'Deployment', { api: this.api, description: 'Mark.0 API: the routes of lambdas/contract/routes.ts' });
    for (const response of responses) {
      this.deployment.node.addDependency(response);
      this.deployment.addToLogicalId({ gatewayResponse: (response.node.defaultChild as apigw.CfnGatewayResponse)._toCloudFormation() });
    }
    this.stage = new apigw.Stage(this, 'Stage', {
      deployment: this.deployment,
      stageName: config.stage,
      accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
      accessLogFormat: apigw.AccessLogFormat.custom(accessLogFormat()),
      metricsEnabled: true,
      loggingLevel: apigw.MethodLoggingLevel.OFF,
      // A ceiling per method (API Gateway applies a stage's default to each method on its own), above the
      // per-user usage plans; config refuses a value below the highest tier's.
      throttlingRateLimit: config.apiThrottle.rateLimit,
      throttlingBurstLimit: config.apiThrottle.burstLimit,
    });

    Validations.of(this.stage).acknowledge({
      id: 'AwsSolutions-APIG6',
      reason:
        'Execution logging needs the account-wide API Gateway CloudWatch role, a per-region singleton that one app should not own ' +
        '(another stack or app would overwrite or delete it), and writes to log groups with no retention. ' +
        'The JSON access log records status, user, latency and the gateway, authorizer and integration error of every request.',
    });
    Validations.of(this.stage).acknowledge({
      id: 'AwsSolutions-APIG3',
      reason:
        "AWS WAF runs on the CloudFront distribution that serves the API under the web app's origin (/v1/*, /health): one web ACL " +
        '(edge stack) with the per-IP rules and the core rule set for the API paths, instead of a second, regional one here ' +
        '(README "Same origin, one firewall"; the direct execute-api URL is used by nothing of ours).',
    });
  }

  /** The stage's base URL (`https://<id>.execute-api.<region>.amazonaws.com/<stage>/`). */
  get url(): string {
    return this.stage.urlForPath('/');
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
      this.deploy(method);
      methods.set(route, method);
      methodsByPath.set(route.path, [...(methodsByPath.get(route.path) ?? []), route.method]);
    }
    for (const [path, allowed] of methodsByPath) {
      const preflight = this.api.root.resourceForPath(path).addCorsPreflight({
        allowOrigins: [this.corsAllowOrigin],
        allowMethods: [...allowed, 'OPTIONS'],
        allowHeaders: [...CORS_ALLOW_HEADERS],
        maxAge: Duration.seconds(CORS_MAX_AGE_SECONDS),
        statusCode: 204,
      });
      this.deploy(preflight);
    }
    return methods;
  }

  /** The stage serves a new deployment whenever this method changes (its whole CloudFormation definition is in the deployment's id). */
  private deploy(method: apigw.Method): void {
    this.deployment.node.addDependency(method);
    this.deployment.addToLogicalId({ method: (method.node.defaultChild as apigw.CfnMethod)._toCloudFormation() });
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
