import { Aws, CfnOutput, Duration, Stack, Token, Validations, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type { UserPool } from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import { NO_VALUE } from '@contract/access-log';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { AUTHORIZER_CACHE_TTL_SECONDS } from '@contract/gateway-settings';
import { FUNCTION_CAPACITY, USAGE_COUNTER_CONCURRENCY } from '@contract/function-capacity';
import { FUNCTION_NAMES, ROUTES, type FunctionName } from '@contract/routes';
import { authRedirectUrls, LOCAL_WEB_URL, type MarkConfig } from '../config';
import { AccountDeletion } from '../constructs/account-deletion';
import { grantTableData, type TableAccess } from '../constructs/app-table';
import { MarkFunction } from '../constructs/mark-function';
import { MarkRestApi, type RestApiIdentity } from '../constructs/mark-rest-api';
import { PUBLIC_ROUTE_REASONS } from './public-route-reasons';
import { TierUsagePlans } from '../constructs/tier-usage-plans';
import { grantTokenKey } from '../constructs/token-key-access';
import { WebClient } from '../constructs/web-client';
import { MEDIA_ACCESS, type MediaAccess, type MediaStack } from './media-stack';
import { ENV } from '@contract/environment';

/** What the API stack takes from the data and web stacks; nothing else crosses between them. */
export interface ApiStackProps extends StackProps {
  config: MarkConfig;
  table: ITableV2;
  appSecret: ISecret;
  /** Whose ID tokens the authorizer accepts (`iss`: its provider URL); the web app's client is made here, in it. */
  userPool: UserPool;
  /** The LinkedIn token key (data stack): the LinkedIn function encrypts with it. */
  tokenKey: kms.IKey;
  /** What the API needs of the publishing stack: where to put schedules and the queue "publish now" uses. */
  publishing: PublishingAccess;
  /** The uploads bucket (media stack): the media and posts functions sign URLs for it. */
  media: MediaStack;
  /**
   * The web app's origin (`https://<distribution domain>`, from the web stack),
   * which serves the API too (/v1/*, /health): the Cognito client's callback and
   * logout URL, LinkedIn's redirect URL, and where it may send the browser back.
   */
  webOrigin: string;
  /** The REST API the web stack made (its id is the distribution's API origin); this stack fills it. */
  restApi: RestApiIdentity;
}

export interface PublishingAccess {
  scheduleGroup: scheduler.IScheduleGroup;
  schedulerRole: iam.IRole;
  publishQueue: sqs.IQueue;
  /** Where evergreen runs are delivered (the queue function schedules them). */
  evergreenQueue: sqs.IQueue;
  /** Where Scheduler dead-letters deliveries it gave up on (the posts function names it in each schedule). */
  schedulerDeadLetterQueue: sqs.IQueue;
  /** Create/update/delete schedules in the group, and iam:PassRole on the scheduler role. */
  grantScheduling(grantee: iam.IGrantable): void;
  /** sqs:SendMessage on the publish queue. */
  grantEnqueue(grantee: iam.IGrantable): void;
}

/** What one function may touch. Typed by FunctionName, so a new function in routes.ts cannot deploy without a decision here. */
interface FunctionAccess {
  description: string;
  table?: TableAccess;
  /** Reads the app secret (its values arrive as environment variables at cold start). */
  appSecret: boolean;
  /** Creates and deletes schedules in the post group (a post's time, a queued post's slot); 'evergreen': an evergreen post's runs too. */
  schedules?: true | 'evergreen';
  /** Sends to the publish queue (publish now; a reconnect releases the user's waiting posts). */
  enqueue?: boolean;
  /** Runs the LinkedIn OAuth flow: encrypts the new access token (never decrypts), knows the callback URL and web origins. */
  linkedinOAuth?: boolean;
  /** Knows the web app's origins (WEB_APP_ORIGINS) to send a browser to one of its pages. */
  webOrigins?: boolean;
  /** Starts account deletion jobs (DELETE /v1/me). */
  accountDeletion?: boolean;
  /** Knows the API's own base URL (API_URL: the web origin, which CloudFront passes /v1/* from) to write links to it: the export's file download links. */
  apiUrl?: boolean;
  /** Above the 512 MB default only where a function holds a file in memory. */
  memorySize?: number;
  /** Packages only a rare request loads (`await import()`), kept out of the bundle (MarkFunction's lazyModules). */
  lazyModules?: string[];
  /** The media bucket, by what the function does with it (media-stack.ts MEDIA_ACCESS). */
  mediaBucket?: MediaAccess;
  /** Non-secret settings, from the configuration. */
  environment?: (config: MarkConfig) => Record<string, string>;
}

/** The export function's time (its FUNCTION_CAPACITY entry): many times what 10,000 posts take (npm run bench:export), far below a stream's 15 minutes. */
export const EXPORT_TIMEOUT_SECONDS = FUNCTION_CAPACITY.export.timeoutSeconds;

export { PUBLIC_ROUTE_REASONS };

export const FUNCTION_ACCESS: Record<FunctionName, FunctionAccess> = {
  health: { description: 'GET /health: one GetItem on the health sentinel, 1 s bound', table: 'healthCheck', appSecret: false },
  posts: {
    description: "Create, list, read, edit, delete, schedule and publish a user's posts",
    table: 'readWrite',
    appSecret: true /* cursor signing key */,
    schedules: true,
    enqueue: true,
    mediaBucket: 'attach',
  },
  queue: {
    description: "The queue: posting times, adding a post to the queue, the queue itself, reordering, pause and resume, evergreen posts' settings",
    table: 'readWrite',
    // Its cursors are instants, not signed post cursors: no key to read.
    appSecret: false,
    schedules: 'evergreen',
    // Signs previews of the posts it shows (GET only).
    mediaBucket: 'preview',
  },
  account: {
    description: 'Who am I: profile, tier, settings, LinkedIn connection, usage today, mail preferences and one-click unsubscribe; deleting the account',
    table: 'readWrite',
    // Keys derived from its generated CURSOR_SIGNING_KEY: unsubscribe links are signed with one, the deletion record's email hash is keyed with another.
    appSecret: true,
    webOrigins: true,
    accountDeletion: true,
  },
  export: {
    description: 'GET /v1/me/export: everything stored about the user, streamed page by page (STREAM transfer mode)',
    table: 'read',
    // Signs each file's download link with a key derived from its generated CURSOR_SIGNING_KEY.
    appSecret: true,
    apiUrl: true,
    // Its time is FUNCTION_CAPACITY's: a streamed answer is not held to API Gateway's 29 s.
  },
  linkedin: {
    description: "Connect and disconnect LinkedIn (OAuth): LinkedIn's redirect back and the signed-in completion",
    table: 'readWrite',
    appSecret: true /* LinkedIn client id and secret */,
    linkedinOAuth: true,
    enqueue: true,
  },
  ai: {
    description: 'AI drafts and rewrites within the daily quota, and the writing voice',
    // Usage counters and the voice item; the secret holds OPENAI_API_KEY.
    table: 'readWrite',
    appSecret: true,
    environment: (config) => ({ [ENV.openaiModel]: config.openai.model, [ENV.openaiBaseUrl]: config.openai.baseUrl }),
  },
  media: {
    description: "Uploads: signed PUTs straight to the media bucket, the checks of the stored bytes, previews, deletion and an export's download links",
    table: 'readWrite',
    // Checks an export's download links, signed with a key derived from its generated CURSOR_SIGNING_KEY.
    appSecret: true,
    mediaBucket: 'readWrite',
    // Reads a whole image or PDF (at most 36 / 100 MB) to check it: memory is what a 100 MB PDF needs, and CPU comes with it.
    memorySize: 1024,
    // Only a PDF's check needs pdf-lib (430 KiB): signing an upload, the most frequent call, never loads it.
    lazyModules: ['pdf-lib'],
  },
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
  /** Counts signed-in users' requests from the access log (handlers/usage-counter.ts). */
  readonly usageCounterFunction: MarkFunction;
  /** LinkedIn's redirect back (the callback route), to register in the LinkedIn app. */
  readonly linkedinRedirectUri: string;
  /** The API's base URL as users reach it: the web origin, whose /v1/* CloudFront passes to the API stage. */
  readonly apiUrl: string;
  readonly usagePlans: TierUsagePlans;
  /** The deletion queue, its worker and reconciler (the monitoring stack alarms on them). */
  readonly accountDeletion: AccountDeletion;
  readonly webClient: WebClient;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    const { config, table, appSecret, userPool, tokenKey, publishing, media, webOrigin, restApi, ...stackProps } = props;
    super(scope, id, stackProps);

    this.webClient = new WebClient(this, 'WebClient', { userPool, resourcePrefix: config.resourcePrefix, redirectUrls: authRedirectUrls(webOrigin) });
    const tokenIssuer = { issuer: userPool.userPoolProviderUrl, audience: this.webClient.client.userPoolClientId };

    this.restApi = new MarkRestApi(this, 'Api', { config, corsAllowOrigin: webOrigin, identity: restApi });
    // Through the web app's origin, as every /v1 request: CloudFront passes it to the API.
    this.apiUrl = webOrigin;
    this.linkedinRedirectUri = `${webOrigin}/v1/linkedin/callback`;
    // Where LinkedIn's callback may send the browser back: the web app, and a machine's npm start.
    const webOrigins = [webOrigin, new URL(LOCAL_WEB_URL).origin];

    this.authorizerFunction = new MarkFunction(this, 'AuthorizerFunction', {
      handlerName: 'authorizer',
      description: "Verifies the bearer ID token, creates the account on first sign-in and returns the user's API key",
      config,
      timeout: Duration.seconds(FUNCTION_CAPACITY.authorizer.timeoutSeconds),
      ...(FUNCTION_CAPACITY.authorizer.reservedConcurrency !== undefined ? { reservedConcurrency: FUNCTION_CAPACITY.authorizer.reservedConcurrency } : {}),
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

    this.accountDeletion = new AccountDeletion(this, 'AccountDeletion', {
      config,
      table,
      userPool,
      api: this.restApi.api,
      stageName: config.stage,
      scheduleGroup: publishing.scheduleGroup,
      media,
    });

    this.functions = perFunction((name) =>
      this.apiFunction(name, FUNCTION_ACCESS[name], { config, table, appSecret, tokenKey, publishing, media, webOrigin, webOrigins }),
    );

    this.restApi.addRoutes(ROUTES, {
      // No test-invoke permissions: the console's test bypasses the authorizer, and each permission grows the function's policy.
      // A function whose routes stream is invoked with InvokeWithResponseStream (API Gateway's STREAM transfer mode).
      integrations: perFunction(
        (name) =>
          new apigw.LambdaIntegration(this.functions[name].function, {
            allowTestInvoke: false,
            ...(ROUTES.some((route) => route.fn === name && route.stream) ? { responseTransferMode: apigw.ResponseTransferMode.STREAM } : {}),
          }),
      ),
      authorizer,
      publicRouteReasons: PUBLIC_ROUTE_REASONS,
    });

    this.usageCounterFunction = this.usageCounter(config, table);

    this.usagePlans = new TierUsagePlans(this, 'UsagePlans', {
      api: this.restApi.api,
      stage: this.restApi.stage,
      resourcePrefix: config.resourcePrefix,
      pooledThrottle: config.apiThrottle,
    });
    this.grantApiKeyProvisioning(this.authorizerFunction);

    new CfnOutput(this, 'ApiUrl', {
      value: this.restApi.url,
      description: "The API's own URL (stage included): behind CloudFront, which serves it at the web app's origin; nothing of ours calls it directly",
    });
    new CfnOutput(this, 'WebClientId', { value: this.webClient.client.userPoolClientId, description: 'Cognito web app client id (public, PKCE)' });
    new CfnOutput(this, 'LinkedInRedirectUri', { value: this.linkedinRedirectUri, description: 'Add this as an authorized redirect URL of the LinkedIn app' });

  }

  /**
   * The access log's subscriber: every signed-in request that reached a
   * function on a dedicated key is counted from its line into the user's daily
   * usage item, in batches, exactly once (README "Where today's requests comes
   * from"). The filter lets only those lines through, so the function runs
   * only when there is something to count.
   */
  private usageCounter(config: MarkConfig, table: ITableV2): MarkFunction {
    const counter = new MarkFunction(this, 'UsageCounterFunction', {
      handlerName: 'usage-counter',
      description: "Counts signed-in users' requests from the API access log into their daily usage items, exactly once per batch",
      config,
      timeout: Duration.seconds(30),
      reservedConcurrency: USAGE_COUNTER_CONCURRENCY,
      environment: { [ENV.tableName]: table.tableName },
    });
    grantTableData(table, counter.function, 'readWrite');
    new logs.SubscriptionFilter(this, 'UsageCounterSubscription', {
      logGroup: this.restApi.accessLogs,
      destination: new LambdaDestination(counter.function),
      filterPattern: logs.FilterPattern.all(
        logs.FilterPattern.stringValue('$.userId', '!=', NO_VALUE),
        logs.FilterPattern.stringValue('$.integrationStatus', '!=', NO_VALUE),
        logs.FilterPattern.stringValue('$.apiKeyMode', '!=', 'pooled'),
      ),
    });
    return counter;
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
    deps: {
      config: MarkConfig;
      table: ITableV2;
      appSecret: ISecret;
      tokenKey: kms.IKey;
      publishing: PublishingAccess;
      media: MediaStack;
      webOrigin: string;
      webOrigins: string[];
    },
  ): MarkFunction {
    const environment: Record<string, string> = { [ENV.corsAllowOrigin]: deps.webOrigin };
    if (access.table) environment[ENV.tableName] = deps.table.tableName;
    if (access.appSecret) environment[ENV.appSecretArn] = deps.appSecret.secretArn;
    Object.assign(environment, access.environment?.(deps.config));
    if (access.enqueue) environment[ENV.publishQueueUrl] = deps.publishing.publishQueue.queueUrl;
    if (access.schedules) {
      environment[ENV.scheduleGroupName] = deps.publishing.scheduleGroup.scheduleGroupName;
      environment[ENV.schedulerRoleArn] = deps.publishing.schedulerRole.roleArn;
      environment[ENV.publishQueueArn] = deps.publishing.publishQueue.queueArn;
      environment[ENV.schedulerDeadLetterQueueArn] = deps.publishing.schedulerDeadLetterQueue.queueArn;
      if (access.schedules === 'evergreen') environment[ENV.evergreenQueueArn] = deps.publishing.evergreenQueue.queueArn;
    }
    if (access.accountDeletion) environment[ENV.deletionQueueUrl] = this.accountDeletion.queue.queueUrl;
    if (access.mediaBucket) environment[ENV.mediaBucket] = deps.media.bucketName;
    if (access.apiUrl) environment[ENV.apiUrl] = this.apiUrl;
    if (access.linkedinOAuth || access.webOrigins) environment[ENV.webAppOrigins] = deps.webOrigins.join(',');
    if (access.linkedinOAuth) {
      environment[ENV.tokenKeyArn] = deps.tokenKey.keyArn;
      environment[ENV.linkedinRedirectUri] = this.linkedinRedirectUri;
    }

    const { timeoutSeconds, reservedConcurrency } = FUNCTION_CAPACITY[name];
    const fn = new MarkFunction(this, `${pascal(name)}Function`, {
      handlerName: `${name}-api`,
      description: access.description,
      config: deps.config,
      environment,
      // Past these, Lambda throttles and API Gateway answers 503 with Retry-After (INTEGRATION_FAILURE).
      timeout: Duration.seconds(timeoutSeconds),
      ...(reservedConcurrency !== undefined ? { reservedConcurrency } : {}),
      ...(access.memorySize ? { memorySize: access.memorySize } : {}),
      ...(access.lazyModules ? { lazyModules: access.lazyModules } : {}),
    });
    if (access.table) grantTableData(deps.table, fn.function, access.table);
    if (access.appSecret) deps.appSecret.grantRead(fn.function);
    if (access.enqueue) deps.publishing.grantEnqueue(fn.function);
    if (access.schedules) {
      deps.publishing.grantScheduling(fn.function);
      // The schedule group's ARN names the publishing stack's region: literal when the app sets one, a token otherwise.
      const { region } = Stack.of(deps.publishing.scheduleGroup);
      const nagRegion = Token.isUnresolved(region) ? '<AWS::Region>' : region;
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:${nagRegion}:<AWS::AccountId>:schedule/${deps.publishing.scheduleGroup.scheduleGroupName}/*]`,
        reason:
          'One schedule per post and due time, named <postId>-<epoch seconds> when the user schedules it, so names cannot be listed in advance; ' +
          'the wildcard is confined to this app\'s own schedule group (Create/Update/DeleteSchedule only), and iam:PassRole is on the one scheduler role.',
      });
    }
    if (access.linkedinOAuth) grantTokenKey(deps.tokenKey, fn.function, 'encrypt');
    if (access.accountDeletion) this.accountDeletion.grantStart(fn.function);
    if (access.mediaBucket) deps.media.grantObjects(fn, MEDIA_ACCESS[access.mediaBucket]);
    return fn;
  }
}

function perFunction<T>(build: (name: FunctionName) => T): Record<FunctionName, T> {
  return Object.fromEntries(FUNCTION_NAMES.map((name) => [name, build(name)])) as Record<FunctionName, T>;
}

const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
