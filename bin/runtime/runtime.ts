import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeFileAtomically } from './atomic-file';
import { resolve } from 'node:path';
import { ENV, type Env } from '@contract/environment';
import { AUTHORIZER_CACHE_TTL_SECONDS, STAGE_THROTTLE_DEFAULT } from '@contract/gateway-settings';
import { FUNCTION_CAPACITY, type FunctionCapacity } from '@contract/function-capacity';
import { ROUTES } from '@contract/routes';
import type { TierLimits, TierName } from '@contract/tiers';
import type { ApiKeyProvisioner } from '@lambdas/core/ports/api-key-provisioner';
import type { Clock } from '@lambdas/core/ports/clock';
import { ensureTable } from '@lambdas/adapters/dynamodb/create-table';
import { CallStatistics, DynamoCallCounter } from '@lambdas/adapters/dynamodb/call-counter';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import { JwtVerifier } from '@lambdas/adapters/jwt-verifier';
import { AesTokenCipher } from '@lambdas/adapters/local/aes-token-cipher';
import { LocalApiKeyProvisioner } from '@lambdas/adapters/local/local-api-keys';
import { LocalIdentityStore } from '@lambdas/adapters/local/local-identity-store';
import type { OpenAiConfig } from '@lambdas/adapters/openai/openai-writer';
import { systemClock } from '@lambdas/adapters/system-clock';
import { apiKeyBudget, openAiConfig, webAppOrigins } from '@lambdas/wiring/config';
import { localDeletionWorker, localEvergreenDeps, localFunctions, localStores } from '@lambdas/wiring/local/local-deps';
import { localWebSecurityHeaders } from '../../lib/web/security-headers';
import { localDynamoClient, startDynamoLocal, type DynamoLocal } from './dynamodb-local';
import { LocalGateway } from './gateway';
import { ConcurrencyModel } from './capacity';
import { dbCallsRoute } from './db-calls-route';
import { ipGuard, LIMITS_OFF_WARNING, localLimitsEnabled, stageThrottleGuard, usagePlanGuard } from './limits';
import { LocalAccessLog } from './local-access-log';
import { LocalAccountDeletion, type LocalAccountDeletionOptions } from './local-account-deletion';
import { LocalIssuer, LOCAL_AUDIENCE } from './local-issuer';

/** AWS's default Lambda concurrency quota per account and region (CDK context `lambdaConcurrencyLimit`). */
const DEFAULT_ACCOUNT_CONCURRENCY = 1000;
import { startLocalLinkedIn, type LocalLinkedIn } from './local-linkedin';
import { LocalPublishing, type LocalPublishingOptions } from './local-publishing';
import { localRoutes } from './local-routes';
import { announceMailSandbox, startLocalMail, type LocalMail, type LocalMailOptions } from './local-mail';
import { LOCAL_TABLE_NAME, RUNTIME_FILE, type RuntimeInfo } from './runtime-info';
import { startOpenAiSandbox, type OpenAiSandbox } from './openai-sandbox';
import { staticWeb } from './static-web';
import { startLocalS3, type LocalS3 } from './local-s3/local-s3';

export interface RuntimeOptions {
  /** 0 picks a free port (tests). */
  port?: number;
  /** Keep data (DynamoDB Local files, local keys) here; without it everything is in memory. */
  dataDir?: string;
  /** Use an already running DynamoDB Local instead of starting one (tests share one). */
  dynamoEndpoint?: string;
  /**
   * The emulator's CPU priority below this process's, when the runtime starts
   * it (`nice -n`, dynamodb-local.ts): npm start and the benchmark's server
   * give it 10, so the one event loop that serves the API is not starved by
   * the emulator's threads. Tests leave it at 0: their CPU-bound workers must
   * not starve the emulator either.
   */
  dynamoNiceness?: number;
  tableName?: string;
  /** Built web app to serve at / (web/dist). */
  webDir?: string;
  clock?: Clock;
  /** Seconds API Gateway-style authorizer results are cached (default 300, as in AWS). */
  authorizerCacheTtlSeconds?: number;
  /** Lifetime of tokens from POST /local/token. */
  tokenTtlSeconds?: number;
  /** Tier throttles, daily quotas and per-IP limits (default: on unless MARK0_LIMITS=off). */
  limits?: boolean;
  /** Where API keys come from (default: the in-memory twin of API Gateway's key store). */
  apiKeyProvisioner?: ApiKeyProvisioner;
  /** Dedicated API keys before users share their tier's pooled key (default: API_KEY_BUDGET or 8,000). */
  apiKeyBudget?: number;
  log?: (line: string) => void;
  /** Where provider settings are read (default: process.env), as a Lambda reads its environment: LINKEDIN_*, WEB_APP_ORIGINS, OPENAI_*. */
  env?: Env;
  /** The tier table the functions apply (default: TIERS). */
  tiers?: Record<TierName, TierLimits>;
  /** Milliseconds before a LinkedIn call is abandoned (default 10 s, as in Lambda). */
  linkedinTimeoutMs?: number;
  /** The sandbox LinkedIn's video part size (default LinkedIn's 4 MiB; tests use small parts). */
  linkedinVideoPartBytes?: number;
  /** The local scheduler, queue and reconciler (tests shorten or drive them). */
  publishing?: LocalPublishingOptions;
  /** Real-time ms between deliveries of the access log to the usage counter (default 500; 0: only settleUsage()). */
  usageDeliveryMs?: number;
  /** The account's Lambda concurrency limit the functions share (default 1,000, as CDK's lambdaConcurrencyLimit). */
  accountConcurrency?: number;
  /** Each function's concurrency and timeout (default: FUNCTION_CAPACITY, what CDK deploys; tests of other things lift it). */
  functionCapacity?: Record<string, FunctionCapacity>;
  /** The local deletion queue and its reconciler (tests drive them). */
  deletion?: LocalAccountDeletionOptions;
  /** The mail function's sweep ticker (tests drive it with runtime.mail.step()). */
  mail?: LocalMailOptions;
}

export interface Runtime {
  url: string;
  port: number;
  tableName: string;
  dynamoEndpoint: string;
  issuer: LocalIssuer;
  gateway: LocalGateway;
  /** The functions and the authorizer behind the gateway, for in-process callers (the fuzzer runs thousands of requests without HTTP). */
  functions: ReturnType<typeof localFunctions>['functions'];
  authorizer: ReturnType<typeof localFunctions>['authorizer'];
  linkedin: LocalLinkedIn;
  publishing: LocalPublishing;
  /** Account deletion jobs: the local queue and worker. */
  accountDeletion: LocalAccountDeletion;
  /** Which user id each email signs in as (the local twin of Cognito's users). */
  identities: LocalIdentityStore;
  /** The API keys (the local twin of API Gateway's). */
  apiKeys: ApiKeyProvisioner;
  /** The media bucket's twin (s3rver behind a SigV4 gate). */
  s3: LocalS3;
  /** Mail to users: the mail worker, its SMTP mailer, and the sandbox outbox when SMTP_URL is not set. */
  mail: LocalMail;
  /** Whether the local limits are on (MARK0_LIMITS). */
  limits: boolean;
  /** The sandbox OpenAI server, when the runtime started one (no OPENAI_API_KEY and no OPENAI_BASE_URL). */
  openaiSandbox: OpenAiSandbox | undefined;
  /** DynamoDB calls per route (and per publisher or reconciler run): the counter and its running statistics (GET /local/db-calls). */
  dbCalls: { counter: DynamoCallCounter; stats: CallStatistics };
  /** Lambda's concurrency as modelled here (its refusals per function). */
  capacity: ConcurrencyModel;
  /** Delivers the access log lines written so far to the usage counter, now (tests; otherwise every half second). */
  settleUsage(): Promise<void>;
  stop(): Promise<void>;
}

/** Written to the data directory while the runtime runs, so operator commands (npm run tier / backup / restore -- --local) find its DynamoDB Local. */
export { RUNTIME_FILE } from './runtime-info';

/**
 * The whole platform on one machine: DynamoDB Local, the shared table
 * definition, the local issuer, and the API Gateway stand-in in front of the
 * very handlers that run in Lambda. Used by `npm start` and by the tests.
 */
export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const log = options.log ?? ((line: string) => console.log(line));
  const clock = options.clock ?? systemClock;
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const env = options.env ?? process.env;

  let dynamo: DynamoLocal | undefined;
  const dynamoEndpoint = options.dynamoEndpoint ?? (dynamo = await startDynamoLocal({ ...(dataDir ? { dataDir: resolve(dataDir, 'dynamodb') } : {}), ...(options.dynamoNiceness ? { niceness: options.dynamoNiceness } : {}) })).endpoint;
  const tableName = options.tableName ?? LOCAL_TABLE_NAME;
  const client = localDynamoClient(dynamoEndpoint);
  await ensureTable(client, tableName);
  const counter = new DynamoCallCounter();
  counter.attach(client);
  const dbCalls = { counter, stats: new CallStatistics(counter) };
  const db = createDocumentClient(client);
  const stores = localStores({ db, tableName, clock, cursorSigningKey: localSecrets(dataDir)[ENV.cursorSigningKey] });

  const limits = options.limits ?? localLimitsEnabled();
  const { config: openai, sandbox: openaiSandbox } = await aiProvider(env, log);
  // The local twin of the KMS key: AES-256-GCM, its key in the (git-ignored) data dir.
  const cipher = dataDir ? AesTokenCipher.fromKeyFile(resolve(dataDir, 'linkedin-token-key')) : AesTokenCipher.inMemory();
  const s3 = await startLocalS3({ clock, ...(dataDir ? { dataDir: resolve(dataDir, 's3') } : {}), log });
  const linkedin = await startLocalLinkedIn({
    env,
    ...(dataDir ? { dataDir } : {}),
    log,
    ...(options.linkedinTimeoutMs ? { timeoutMs: options.linkedinTimeoutMs } : {}),
    ...(options.linkedinVideoPartBytes ? { videoPartBytes: options.linkedinVideoPartBytes } : {}),
  });
  const publishing = new LocalPublishing(
    {
      posts: stores.posts,
      connections: stores.connections,
      cipher,
      linkedin: linkedin.client,
      audit: stores.audit,
      clock,
      postUrlBase: linkedin.postUrlBase,
      media: { media: stores.media, storage: s3.storage, assets: linkedin.assets },
      schedules: stores.queueStore,
      evergreen: (pipeline) => localEvergreenDeps(stores, { db, tableName, clock, openai, ...pipeline }),
    },
    { scope: counter, ...options.publishing },
    log,
  );
  // Links in mails: the web app's origin and the API's, known once the gateway listens.
  const mailWeb = { origin: '', apiUrl: '' };
  const mail = await startLocalMail(env, { stores, clock, web: mailWeb, log }, options.mail ?? {});
  mail.listenTo(publishing.events);
  // Known once the gateway listens: its own origin, unless WEB_APP_ORIGINS says otherwise (e.g. the Vite dev server).
  const web = { origins: [] as string[], defaultPath: '/settings' };
  const api = { url: '' };
  // Both need the port, known only once the gateway listens; routes read them at request time.
  const identity: { issuer?: LocalIssuer; verifier?: JwtVerifier } = {};
  const identities = LocalIdentityStore.open(dataDir ? resolve(dataDir, 'local-identities.json') : undefined);
  const accountDeletion = new LocalAccountDeletion(clock, options.deletion ?? {}, log);
  const apiKeys = options.apiKeyProvisioner ?? new LocalApiKeyProvisioner();
  // The gateway's authorizer cache, flushed by the deletion job (the gateway exists once the functions do).
  const authorizerCache = { flush: async () => gatewayRef.gateway?.clearAuthorizerCache() };
  const gatewayRef: { gateway?: LocalGateway } = {};
  const deletion = { identities, authorizerCache, queue: accountDeletion };

  const { functions, authorizer, usageCounter } = localFunctions(
    {
      db,
      tableName,
      clock,
      cipher,
      linkedin: linkedin.client,
      postUrlBase: linkedin.postUrlBase,
      scheduler: publishing.scheduler,
      queue: publishing.queues,
      openai,
      verifier: { verify: (token) => identity.verifier!.verify(token) },
      apiKeys: { provisioner: apiKeys, keyBudget: options.apiKeyBudget ?? apiKeyBudget(process.env) },
      limits,
      web,
      api,
      deletion,
      storage: s3.storage,
      ...(options.tiers ? { tiers: options.tiers } : {}),
    },
    stores,
  );
  accountDeletion.setWorker(localDeletionWorker({ clock, scheduler: publishing.scheduler, deletion, apiKeys, storage: s3.storage }, stores));
  const routes = localRoutes({
    ...stores,
    identities,
    clock,
    issuer: () => identity.issuer,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 8 * 3600,
    sandbox: { linkedin: linkedin.sandbox !== undefined, openai: openaiSandbox !== undefined, mail: mail.sandboxUrl !== undefined },
    mailOutboxUrl: () => mail.sandboxUrl,
  });
  if (options.webDir && existsSync(options.webDir)) {
    // The sandbox LinkedIn serves profile pictures from its own loopback origin: the CSP lets them in.
    const images = linkedin.sandbox ? [new URL(linkedin.sandbox.url).origin] : [];
    routes.push(staticWeb(options.webDir, (path) => path === '/health' || path.startsWith('/v1/') || path.startsWith('/local/'), localWebSecurityHeaders(images, [s3.endpoint])));
  }

  const accessLog = new LocalAccessLog({
    subscriber: usageCounter,
    scope: counter,
    log,
    ...(options.usageDeliveryMs !== undefined ? { deliverEveryMs: options.usageDeliveryMs } : {}),
  });
  const capacity = new ConcurrencyModel(options.functionCapacity ?? FUNCTION_CAPACITY, options.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY);
  routes.push(dbCallsRoute(dbCalls.stats, capacity));
  const gateway = new LocalGateway({
    routes: ROUTES,
    functions,
    authorizer,
    authorizerCacheTtlSeconds: options.authorizerCacheTtlSeconds ?? AUTHORIZER_CACHE_TTL_SECONDS,
    localRoutes: routes,
    invocationScope: counter,
    capacity,
    accessLog: accessLog.write,
    clock,
    guards: limits
      ? [ipGuard(clock), stageThrottleGuard(clock, STAGE_THROTTLE_DEFAULT), usagePlanGuard({ clock, usage: stores.usage, pooledThrottle: STAGE_THROTTLE_DEFAULT })]
      : [],
  });
  gatewayRef.gateway = gateway;

  let port: number;
  try {
    port = await gateway.listen(options.port ?? 3000);
  } catch (error) {
    await accessLog.stop();
    await mail.stop();
    await linkedin.stop();
    await s3.stop();
    await openaiSandbox?.stop();
    await dynamo?.stop();
    throw error;
  }
  const url = `http://127.0.0.1:${port}`;
  linkedin.setCallbackUrl(`${url}/v1/linkedin/callback`);
  web.origins.push(...(env[ENV.webAppOrigins] ? webAppOrigins(env) : [url, `http://localhost:${port}`]));
  // As CDK does for the web app's origin: the browser may PUT uploads and GET previews from there only.
  await s3.allowOrigins(web.origins);
  const issuer = (identity.issuer = await LocalIssuer.create(`${url}/local`, dataDir ? resolve(dataDir, 'local-issuer-key.json') : undefined));
  identity.verifier = new JwtVerifier({ issuer: issuer.issuer, audience: LOCAL_AUDIENCE, jwksUrl: issuer.jwksUrl });
  await publishing.start();
  accountDeletion.begin();
  Object.assign(mailWeb, { origin: web.origins[0], apiUrl: url });
  api.url = url;
  mail.start();
  if (mail.sandboxUrl) announceMailSandbox(mail.sandboxUrl, log);
  gateway.open();
  log(`[mark0] API and web app on ${url} (DynamoDB Local at ${dynamoEndpoint}, table ${tableName})`);
  if (!limits) log(LIMITS_OFF_WARNING);
  const runtimeFile = dataDir ? resolve(dataDir, RUNTIME_FILE) : undefined;
  if (runtimeFile) writeFileSync(runtimeFile, JSON.stringify({ url, dynamoEndpoint, tableName, pid: process.pid } satisfies RuntimeInfo, null, 2));

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    tableName,
    dynamoEndpoint,
    issuer,
    gateway,
    functions,
    authorizer,
    linkedin,
    publishing,
    accountDeletion,
    identities,
    apiKeys,
    s3,
    mail,
    limits,
    openaiSandbox,
    dbCalls,
    capacity,
    settleUsage: () => accessLog.flush(),
    stop() {
      stopping ??= (async () => {
        if (runtimeFile) rmSync(runtimeFile, { force: true });
        await gateway.close();
        await accessLog.stop();
        await accountDeletion.stop();
        await publishing.stop();
        await mail.stop();
        await linkedin.stop();
        await s3.stop();
        await openaiSandbox?.stop();
        db.destroy();
        await dynamo?.stop();
      })();
      return stopping;
    },
  };
}

/** Local values of what lives in the app secret in AWS; generated once and kept with the data. */
function localSecrets(dataDir: string | undefined): { CURSOR_SIGNING_KEY: string } {
  const fromEnv = process.env[ENV.cursorSigningKey];
  if (fromEnv) return { CURSOR_SIGNING_KEY: fromEnv };
  const file = dataDir ? resolve(dataDir, 'local-secrets.json') : undefined;
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { CURSOR_SIGNING_KEY: string };
  const secrets = { CURSOR_SIGNING_KEY: randomBytes(32).toString('base64url') };
  if (file) writeFileAtomically(file, JSON.stringify(secrets));
  return secrets;
}

/**
 * The AI provider on this machine: OpenAI (or any compatible server) when
 * OPENAI_API_KEY or OPENAI_BASE_URL is set, else the sandbox server on
 * loopback, announced loudly, so nobody mistakes its canned drafts for a model.
 */
async function aiProvider(env: Env, log: (line: string) => void): Promise<{ config: OpenAiConfig; sandbox?: OpenAiSandbox }> {
  const config = openAiConfig(env);
  if (config.apiKey) return { config };
  // A local model server (Ollama, llama.cpp, vLLM …) needs no key, but the SDK wants one.
  if (env[ENV.openaiBaseUrl]) return { config: { ...config, apiKey: 'local' } };
  const sandbox = await startOpenAiSandbox();
  const bar = '='.repeat(78);
  for (const line of [
    bar,
    `SANDBOX OpenAI: OPENAI_API_KEY is not set, so AI drafts come from a local fake at ${sandbox.baseUrl}.`,
    'They are canned text built from your request, NOT written by a model.',
    'For real drafts set OPENAI_API_KEY (or OPENAI_BASE_URL for a local model server) and restart.',
    bar,
  ]) {
    log(`[mark0] ${line}`);
  }
  return { config: { ...config, apiKey: 'sandbox', baseURL: sandbox.baseUrl }, sandbox };
}
