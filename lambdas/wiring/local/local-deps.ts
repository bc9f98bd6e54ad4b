import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TIERS, type TierLimits, type TierName } from '../../contract/tiers';
import type { FunctionName } from '../../contract/routes';
import type { ApiKeyProvisioner } from '../../core/ports/api-key-provisioner';
import type { AuthorizerCache } from '../../core/ports/authorizer-cache';
import type { DeletionQueue } from '../../core/ports/deletion-queue';
import type { IdentityDirectory } from '../../core/ports/identity-directory';
import type { Clock } from '../../core/ports/clock';
import type { LinkedInClient } from '../../core/ports/linkedin-client';
import type { PostScheduler } from '../../core/ports/post-scheduler';
import type { PublishQueue } from '../../core/ports/publish-queue';
import type { TokenCipher } from '../../core/ports/token-cipher';
import type { TokenVerifier } from '../../core/ports/token-verifier';
import { CursorCodec } from '../../adapters/cursor-codec';
import { DynamoAccountReader } from '../../adapters/dynamodb/account-reader';
import { DynamoMailSettingsReader } from '../../adapters/dynamodb/mail-settings-reader';
import { DynamoAccountDeletionStore } from '../../adapters/dynamodb/account-deletion-store';
import { DynamoApiKeyRegistry } from '../../adapters/dynamodb/api-key-registry';
import { DynamoAuditLog } from '../../adapters/dynamodb/audit-log';
import { DynamoLinkedInConnectionStore } from '../../adapters/dynamodb/linkedin-connection-store';
import { DynamoOAuthStateStore } from '../../adapters/dynamodb/oauth-state-store';
import { DynamoPostStore } from '../../adapters/dynamodb/post-store';
import { DynamoQueueStore } from '../../adapters/dynamodb/queue-store';
import { DynamoRequestMeter } from '../../adapters/dynamodb/request-meter';
import { DynamoRequestRecorder } from '../../adapters/dynamodb/request-recorder';
import { DynamoTableCheck } from '../../adapters/dynamodb/table-check';
import { DynamoUsageStore } from '../../adapters/dynamodb/usage-store';
import { DynamoUserDataStore } from '../../adapters/dynamodb/user-data-store';
import { DynamoUserStore } from '../../adapters/dynamodb/user-store';
import { HmacEmailFingerprint } from '../../adapters/hmac-email-fingerprint';
import { HmacMediaDownloadTokens } from '../../adapters/hmac-media-download-tokens';
import { DynamoVoiceStore } from '../../adapters/dynamodb/voice-store';
import { createAiWriter, type OpenAiConfig } from '../../adapters/openai/openai-writer';
import { DynamoExpiringConnections } from '../../adapters/dynamodb/expiring-connections';
import { DynamoMailOutbox } from '../../adapters/dynamodb/mail-outbox';
import { DynamoMailPreferenceStore } from '../../adapters/dynamodb/mail-preference-store';
import { DynamoMailSuppressionList } from '../../adapters/dynamodb/mail-suppression-list';
import { HmacUnsubscribeTokens } from '../../adapters/unsubscribe-token-signer';
import type { Mailer } from '../../core/ports/mailer';
import type { EvergreenDeps } from '../../core/queue/evergreen';
import { createMailWorker, type MailWorker } from '../../handlers/mail';
import { createAccountApi } from '../../handlers/account-api';
import { createDeletionWorker, type DeletionWorkerHandler } from '../../handlers/account-deletion';
import { createExportApi } from '../../handlers/export-api';
import { createAiApi } from '../../handlers/ai-api';
import { createAuthorizer, type AuthorizerHandler } from '../../handlers/authorizer';
import { createHealthApi } from '../../handlers/health-api';
import type { ProxyHandler } from '../../handlers/http/http-api';
import type { MeteringDeps } from '../../handlers/http/request-metering';
import { createUsageCounter, type UsageCounterHandler } from '../../handlers/usage-counter';
import { createLinkedInApi } from '../../handlers/linkedin-api';
import { createPostsApi } from '../../handlers/posts-api';
import { createQueueApi } from '../../handlers/queue-api';
import { createMediaApi } from '../../handlers/media-api';
import { DynamoMediaStore } from '../../adapters/dynamodb/media-store';
import { mediaObjectsEraser } from '../../core/media/media-account';
import { StorageMediaInspector } from '../../adapters/media/storage-media-inspector';
import type { MediaStorage } from '../../core/ports/media-storage';

/**
 * The local composition root: the same handlers as in Lambda (wiring/aws/),
 * built over the local runtime's adapters — DynamoDB Local instead of DynamoDB,
 * an AES key file instead of KMS, in-process twins of EventBridge Scheduler and
 * SQS, the LinkedIn and OpenAI adapters pointed wherever the environment says.
 * bin/runtime/ owns the processes and their lifecycle; this file only wires.
 */
export interface LocalInfrastructure {
  db: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
  /** The local twin of the KMS token key. */
  cipher: TokenCipher;
  linkedin: LinkedInClient;
  /** Base of a published post's link (the sandbox serves its own pages). */
  postUrlBase: string;
  scheduler: PostScheduler;
  queue: PublishQueue;
  openai: OpenAiConfig;
  /** The token verifier, known once the local issuer runs (read at request time). */
  verifier: TokenVerifier;
  apiKeys: { provisioner: ApiKeyProvisioner; keyBudget: number };
  /** Whether pooled users are refused past their tier's limits (MARK0_LIMITS); off, they are only counted. */
  limits: boolean;
  /** The API's base URL (the gateway's), for links to it (an export's file downloads); filled in once the gateway listens. */
  api: { url: string };
  /** The web app's origins (LinkedIn's returnTo) and landing page; filled in once the gateway listens. */
  web: { origins: string[]; defaultPath: string };
  tiers?: Record<TierName, TierLimits>;
  /** What the deletion of an account reaches beyond the table: the local identities, the gateway's authorizer cache, the job runner. */
  deletion: { identities: IdentityDirectory; authorizerCache: AuthorizerCache; queue: DeletionQueue };
  /** The media bucket: the S3 adapter pointed at the local S3 twin. */
  storage: MediaStorage;
}

/** The stores the runtime shares with its own parts (sign-in, publishing, limits). */
/** @param infra.cursorSigningKey the app secret's cursor key (kept with the local data). */
export function localStores(infra: Pick<LocalInfrastructure, 'db' | 'tableName' | 'clock'> & { cursorSigningKey: string }) {
  const { db, tableName, clock } = infra;
  return {
    users: new DynamoUserStore(db, tableName),
    audit: new DynamoAuditLog(db, tableName, clock),
    posts: new DynamoPostStore(db, tableName, new CursorCodec(infra.cursorSigningKey)),
    usage: new DynamoUsageStore(db, tableName),
    connections: new DynamoLinkedInConnectionStore(db, tableName),
    data: new DynamoUserDataStore(db, tableName),
    deletions: new DynamoAccountDeletionStore(db, tableName, clock),
    states: new DynamoOAuthStateStore(db, tableName),
    fingerprint: new HmacEmailFingerprint(infra.cursorSigningKey),
    media: new DynamoMediaStore(db, tableName),
    preferences: new DynamoMailPreferenceStore(db, tableName),
    suppression: new DynamoMailSuppressionList(db, tableName),
    mailSettings: new DynamoMailSettingsReader(db, tableName),
    outbox: new DynamoMailOutbox(db, tableName),
    expiring: new DynamoExpiringConnections(db, tableName),
    queueStore: new DynamoQueueStore(db, tableName),
    accounts: new DynamoAccountReader(db, tableName),
    // The same derivation from the (local) app secret's key as in Lambda.
    tokens: new HmacUnsubscribeTokens(infra.cursorSigningKey),
    downloadTokens: new HmacMediaDownloadTokens(infra.cursorSigningKey),
  };
}
export type LocalStores = ReturnType<typeof localStores>;

/** Every API function and the authorizer, as the local gateway invokes them. */
export function localFunctions(
  infra: LocalInfrastructure,
  stores: LocalStores,
): { functions: Record<FunctionName, ProxyHandler>; authorizer: AuthorizerHandler; usageCounter: UsageCounterHandler } {
  const { db, tableName, clock } = infra;
  const { users, audit, posts, usage, connections, data, deletions, states, fingerprint, media, accounts } = stores;
  const storage = infra.storage;
  const api = infra.api;
  const dynamoMeter = new DynamoRequestMeter(db, tableName);
  // Without limits, pooled users are counted like everyone else, never refused.
  const meter: MeteringDeps['meter'] = infra.limits
    ? dynamoMeter
    : { count: (input) => dynamoMeter.count(input), admit: async (input) => ({ allowed: true, requests: await dynamoMeter.count(input) }) };
  const metering = { meter, clock };
  return {
    functions: {
      health: createHealthApi({ checks: [new DynamoTableCheck(db, tableName)], clock }),
      posts: createPostsApi({ posts, connections, accounts, audit, media, storage, scheduler: infra.scheduler, queue: infra.queue, postUrlBase: infra.postUrlBase, ...metering }),
      queue: createQueueApi({ posts, accounts, storage, queueStore: stores.queueStore, scheduler: infra.scheduler, postUrlBase: infra.postUrlBase, ...metering }),
      media: createMediaApi({ media, storage, inspector: new StorageMediaInspector(storage), tokens: stores.downloadTokens, ...metering }),
      account: createAccountApi({
        users,
        accounts,
        connections,
        preferences: stores.preferences,
        suppression: stores.suppression,
        mailSettings: stores.mailSettings,
        tokens: stores.tokens,
        web: infra.web,
        records: deletions,
        fingerprint,
        queue: infra.deletion.queue,
        ...metering,
      }),
      export: createExportApi({
        data,
        mailSettings: stores.mailSettings,
        suppression: stores.suppression,
        downloads: {
          tokens: stores.downloadTokens,
          get apiUrl() {
            return api.url;
          },
        },
        postUrlBase: infra.postUrlBase,
        ...metering,
      }),
      linkedin: createLinkedInApi({
        connections,
        states,
        linkedin: infra.linkedin,
        cipher: infra.cipher,
        audit,
        web: infra.web,
        queue: infra.queue,
        ...metering,
      }),
      ai: createAiApi({ writer: createAiWriter(infra.openai), usage, voices: new DynamoVoiceStore(db, tableName), tiers: infra.tiers ?? TIERS, ...metering }),
    },
    usageCounter: createUsageCounter({ meter: new DynamoRequestRecorder(db, tableName, clock) }),
    authorizer: createAuthorizer({
      users,
      mailSettings: stores.mailSettings,
      suppression: stores.suppression,
      audit,
      clock,
      verifier: infra.verifier,
      apiKeys: { ...infra.apiKeys, registry: new DynamoApiKeyRegistry(db, tableName) },
    }),
  };
}

/** The account-deletion worker as the local runner invokes it (the same handler as the Lambda's, over local twins). */
export function localDeletionWorker(
  infra: Pick<LocalInfrastructure, 'clock' | 'scheduler' | 'deletion' | 'storage'> & { apiKeys: Pick<ApiKeyProvisioner, 'deleteKey'> },
  stores: LocalStores,
): DeletionWorkerHandler {
  return createDeletionWorker({
    records: stores.deletions,
    data: stores.data,
    identities: infra.deletion.identities,
    authorizerCache: infra.deletion.authorizerCache,
    scheduler: infra.scheduler,
    oauthStates: stores.states,
    apiKeys: infra.apiKeys,
    storedObjects: [mediaObjectsEraser(infra.storage)],
    clock: infra.clock,
    queue: infra.deletion.queue,
  });
}

/**
 * The mail function as the local runtime runs it: the same worker as in Lambda over DynamoDB Local, with an
 * SMTP mailer (a real server at SMTP_URL, or the sandbox outbox) instead of SES. `web` is read when a mail is
 * composed: the origin is known once the gateway listens.
 */
export function localMailWorker(stores: LocalStores, deps: { mailer: Mailer; clock: Clock; web: { origin: string; apiUrl: string } }): MailWorker {
  const { users, posts, connections, preferences, suppression, outbox, expiring, tokens } = stores;
  return createMailWorker({ users, posts, connections, preferences, suppression, outbox, expiring, tokens, ...deps });
}

/**
 * The evergreen function's dependencies (core/queue/evergreen.ts): the queue's stores, the local
 * publishing pipeline's scheduler, and the AI writer (the same OpenAI adapter as the ai function,
 * pointed at the sandbox or OPENAI_BASE_URL).
 */
export function localEvergreenDeps(
  stores: LocalStores,
  infra: Pick<LocalInfrastructure, 'db' | 'tableName' | 'clock' | 'openai'> & { scheduler: PostScheduler },
): EvergreenDeps {
  return {
    posts: stores.posts,
    accounts: stores.accounts,
    users: stores.users,
    queueStore: stores.queueStore,
    media: stores.media,
    clock: infra.clock,
    scheduler: infra.scheduler,
    writer: createAiWriter(infra.openai),
    voices: new DynamoVoiceStore(infra.db, infra.tableName),
    usage: stores.usage,
  };
}
