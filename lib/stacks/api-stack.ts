import { Aws, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type { UserPool } from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { AI_SETTINGS } from '../../lambdas/core/ai/ai-settings';
import { AUTHORIZER_CACHE_TTL_SECONDS } from '../../lambdas/core/gateway-settings';
import { FUNCTION_NAMES, ROUTES, type FunctionName } from '../../lambdas/core/routes';
import { authRedirectUrls, type MarkConfig } from '../config';
import { ApiFirewall } from '../constructs/api-firewall';
import { grantTableData, type TableAccess } from '../constructs/app-table';
import { MarkFunction } from '../constructs/mark-function';
import { MarkRestApi } from '../constructs/mark-rest-api';
import { TierUsagePlans } from '../constructs/tier-usage-plans';
import { WebClient } from '../constructs/web-client';
import { ENV } from '../function-environment';

/** What the API stack takes from the data and web stacks; nothing else crosses between them. */
export interface ApiStackProps extends StackProps {
  config: MarkConfig;
  table: ITableV2;
  appSecret: ISecret;
  /** Whose ID tokens the authorizer accepts (`iss`: its provider URL); the web app's client is made here, in it. */
  userPool: UserPool;
  /**
   * The web app's origin (`https://d123.cloudfront.net`, from the web stack):
   * the one CORS origin, and the Cognito client's callback and logout URL.
   */
  webOrigin: string;
}

/** What one function may touch. Typed by FunctionName, so a new function in routes.ts cannot deploy without a decision here. */
interface FunctionAccess {
  description: string;
  table?: TableAccess;
  /** Reads the app secret (its values arrive as environment variables at cold start). */
  appSecret: boolean;
  /** Above the 10 s default only for a function that waits on an outside provider (always under API Gateway's 29 s). */
  timeout?: Duration;
  /** Non-secret settings, from the configuration. */
  environment?: (config: MarkConfig) => Record<string, string>;
}

export const FUNCTION_ACCESS: Record<FunctionName, FunctionAccess> = {
  health: { description: 'GET /health: one GetItem on the health sentinel, 1 s bound', table: 'healthCheck', appSecret: false },
  posts: { description: "Create, list, read, edit and delete a user's posts", table: 'readWrite', appSecret: true /* cursor signing key */ },
  account: { description: 'Who am I: profile, tier and settings, usage today', table: 'readWrite', appSecret: false },
  ai: {
    description: 'AI drafts and rewrites within the daily quota, and the writing voice',
    // Usage counters and the voice item; the secret holds OPENAI_API_KEY.
    table: 'readWrite',
    appSecret: true,
    // The provider budget (OPENAI_TIMEOUT_MS) plus room for DynamoDB and a cold start.
    timeout: Duration.seconds(AI_SETTINGS.functionTimeoutSeconds),
    environment: (config) => ({ [ENV.openaiModel]: config.openai.model, [ENV.openaiBaseUrl]: config.openai.baseUrl }),
  },
};

/** Why each public route is public (see RouteTargets.publicRouteReasons). */
export const PUBLIC_ROUTE_REASONS: Record<string, string> = {
  'GET /health': 'a health check for probes and the operator: it reads one sentinel key (never user data) and says only whether the API and its table answer.',
};

/**
 * Bearer JWTs only (three base64url segments, the last one, the signature,
 * non-empty): API Gateway refuses anything else with 401 before invoking, or
 * paying for, the authorizer. The scheme is matched case-insensitively, as the
 * authorizer itself does (RFC 7235).
 */
export const BEARER_TOKEN_PATTERN = '^[Bb][Ee][Aa][Rr][Ee][Rr] +[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$';

/**
 * The stateless side: the REST API, its authorizer and the API functions.
 * Everything here can be destroyed and redeployed without losing data; the
 * inputs it needs from the data stack arrive as typed props.
 */
export class ApiStack extends Stack {
  readonly restApi: MarkRestApi;
  readonly functions: Record<FunctionName, MarkFunction>;
  readonly authorizerFunction: MarkFunction;
  readonly usagePlans: TierUsagePlans;
  readonly firewall: ApiFirewall;
  readonly webClient: WebClient;
  /** `https://<api id>.execute-api.<region>.amazonaws.com`: where the web app's requests go (its CSP names it). */
  readonly apiOrigin: string;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    const { config, table, appSecret, userPool, webOrigin, ...stackProps } = props;
    super(scope, id, stackProps);

    this.webClient = new WebClient(this, 'WebClient', { userPool, resourcePrefix: config.resourcePrefix, redirectUrls: authRedirectUrls(webOrigin) });
    const tokenIssuer = { issuer: userPool.userPoolProviderUrl, audience: this.webClient.client.userPoolClientId };

    this.authorizerFunction = new MarkFunction(this, 'AuthorizerFunction', {
      handlerName: 'authorizer',
      description: "Verifies the bearer ID token, creates the account on first sign-in and returns the user's API key",
      config,
      environment: {
        [ENV.tableName]: table.tableName,
        [ENV.jwtIssuer]: tokenIssuer.issuer,
        [ENV.jwtAudience]: tokenIssuer.audience,
        [ENV.apiResourcePrefix]: config.resourcePrefix,
        [ENV.apiKeyBudget]: String(config.apiKeyBudget),
      },
    });
    // Read and write: the first verified request of a new user creates their profile and records their API key.
    grantTableData(table, this.authorizerFunction.function, 'readWrite');

    const authorizer = new apigw.TokenAuthorizer(this, 'Authorizer', {
      authorizerName: `${config.resourcePrefix}-jwt`,
      handler: this.authorizerFunction.function,
      identitySource: apigw.IdentitySource.header('Authorization'),
      validationRegex: BEARER_TOKEN_PATTERN,
      resultsCacheTtl: Duration.seconds(AUTHORIZER_CACHE_TTL_SECONDS),
    });

    this.functions = perFunction((name) => this.apiFunction(name, FUNCTION_ACCESS[name], { config, table, appSecret, webOrigin }));

    this.restApi = new MarkRestApi(this, 'Api', { config, corsAllowOrigin: webOrigin });
    this.restApi.addRoutes(ROUTES, {
      // No test-invoke permissions: the console's test bypasses the authorizer, and each permission grows the function's policy.
      integrations: perFunction((name) => new apigw.LambdaIntegration(this.functions[name].function, { allowTestInvoke: false })),
      authorizer,
      publicRouteReasons: PUBLIC_ROUTE_REASONS,
    });

    this.usagePlans = new TierUsagePlans(this, 'UsagePlans', {
      api: this.restApi.api,
      resourcePrefix: config.resourcePrefix,
      pooledThrottle: config.apiThrottle,
    });
    this.grantApiKeyProvisioning(this.authorizerFunction);

    this.firewall = new ApiFirewall(this, 'Firewall', {
      stage: this.restApi.api.deploymentStage,
      resourcePrefix: config.resourcePrefix,
      corsAllowOrigin: webOrigin,
    });

    // One output under a stable name, instead of RestApi's own (whose name carries a hash).
    this.restApi.api.node.tryRemoveChild('Endpoint');
    new CfnOutput(this, 'ApiUrl', { value: this.restApi.api.url, description: 'Base URL of the API (stage included)' });
    new CfnOutput(this, 'WebClientId', { value: this.webClient.client.userPoolClientId, description: 'Cognito web app client id (public, PKCE)' });
    this.apiOrigin = `https://${this.restApi.api.restApiId}.execute-api.${this.region}.${Aws.URL_SUFFIX}`;
  }

  /**
   * What the authorizer needs to give a new user a key: find the plans and keys
   * by name (GET), create a key and attach it to one of this stage's plans
   * (POST). A policy of its own, not the role's default policy: the function
   * depends on its default policy, the plans on the stage, the stage on the
   * authorizer, and the authorizer on the function, so the plan ids may only
   * appear in a policy nothing else waits for.
   */
  private grantApiKeyProvisioning(fn: MarkFunction): void {
    const controlPlane = (path: string) => `arn:${Aws.PARTITION}:apigateway:${Aws.REGION}::${path}`;
    new iam.Policy(this, 'AuthorizerApiKeysPolicy', {
      roles: [fn.role],
      statements: [
        new iam.PolicyStatement({ actions: ['apigateway:GET'], resources: [controlPlane('/usageplans'), controlPlane('/apikeys')] }),
        new iam.PolicyStatement({
          actions: ['apigateway:POST'],
          resources: [controlPlane('/apikeys'), ...Object.values(this.usagePlans.plans).map((plan) => controlPlane(`/usageplans/${plan.usagePlanId}/keys`))],
        }),
      ],
    });
  }

  private apiFunction(
    name: FunctionName,
    access: FunctionAccess,
    deps: { config: MarkConfig; table: ITableV2; appSecret: ISecret; webOrigin: string },
  ): MarkFunction {
    const environment: Record<string, string> = { [ENV.corsAllowOrigin]: deps.webOrigin };
    if (access.table) environment[ENV.tableName] = deps.table.tableName;
    if (access.appSecret) environment[ENV.appSecretArn] = deps.appSecret.secretArn;
    Object.assign(environment, access.environment?.(deps.config));

    const fn = new MarkFunction(this, `${pascal(name)}Function`, {
      handlerName: `${name}-api`,
      description: access.description,
      config: deps.config,
      environment,
      ...(access.timeout ? { timeout: access.timeout } : {}),
    });
    if (access.table) grantTableData(deps.table, fn.function, access.table);
    if (access.appSecret) deps.appSecret.grantRead(fn.function);
    return fn;
  }
}

function perFunction<T>(build: (name: FunctionName) => T): Record<FunctionName, T> {
  return Object.fromEntries(FUNCTION_NAMES.map((name) => [name, build(name)])) as Record<FunctionName, T>;
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
