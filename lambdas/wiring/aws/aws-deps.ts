import { randomBytes } from 'node:crypto';
import { linkedinPostUrlBase, required, identityConfig, webAppOrigins } from '../config';
import { CursorCodec } from '../../adapters/cursor-codec';
import { createDocumentClient } from '../../adapters/dynamodb/document-client';
import { DynamoAuditLog } from '../../adapters/dynamodb/audit-log';
import { DynamoLinkedInConnectionStore } from '../../adapters/dynamodb/linkedin-connection-store';
import { DynamoMailPreferenceStore } from '../../adapters/dynamodb/mail-preference-store';
import { DynamoMailSuppressionList } from '../../adapters/dynamodb/mail-suppression-list';
import { HmacUnsubscribeTokens } from '../../adapters/unsubscribe-token-signer';
import { HmacMediaDownloadTokens } from '../../adapters/hmac-media-download-tokens';
import { DynamoPostStore } from '../../adapters/dynamodb/post-store';
import { DynamoQueueStore } from '../../adapters/dynamodb/queue-store';
import { DynamoTableCheck } from '../../adapters/dynamodb/table-check';
import { DynamoRequestMeter } from '../../adapters/dynamodb/request-meter';
import { DynamoUsageStore } from '../../adapters/dynamodb/usage-store';
import { DynamoUserDataStore } from '../../adapters/dynamodb/user-data-store';
import { DynamoUserStore } from '../../adapters/dynamodb/user-store';
import { JwtVerifier } from '../../adapters/jwt-verifier';
import { environmentWithSecrets } from '../../adapters/aws/secrets';
import { systemClock } from '../../adapters/system-clock';
import { ENV } from '../../contract/environment';
import type { Env } from '../../contract/environment';

/**
 * Composition root for Lambda: builds each function's adapters from the
 * environment, once per execution environment. Each function asks only for
 * what it needs. Factories that need clients beyond DynamoDB live in their own
 * modules (authorizer-deps, ai-deps, posts-deps, linkedin-deps,
 * publishing-deps, reconciler-deps): esbuild cannot drop an imported SDK client
 * from a bundle (its modules have side effects), so keeping them out of this
 * shared module keeps them out of every other function's bundle.
 */
export type Warn = (message: string, details: Record<string, unknown>) => void;

let envPromise: Promise<Env> | undefined;
export function env(): Promise<Env> {
  return (envPromise ??= environmentWithSecrets());
}

let documentClient: ReturnType<typeof createDocumentClient> | undefined;
export function db() {
  return (documentClient ??= createDocumentClient());
}

export async function userStore() {
  return new DynamoUserStore(db(), required(await env(), 'TABLE_NAME'));
}

/**
 * Post store; `withCursors` for functions that hand page cursors to clients (the key is in the app secret).
 * Without, cursors are signed with a key of this process: the publisher still pages (a 401 fails a user's
 * due posts 100 at a time), and its cursors never leave the invocation that made them.
 */
export async function postStore(withCursors: boolean) {
  const e = await env();
  const cursorKey = withCursors ? required(e, ENV.cursorSigningKey) : randomBytes(32).toString('base64url');
  return new DynamoPostStore(db(), required(e, ENV.tableName), new CursorCodec(cursorKey));
}

/** Posting schedules and slot claims (the queue). */
export async function queueStore() {
  return new DynamoQueueStore(db(), required(await env(), ENV.tableName));
}

export async function auditLog() {
  return new DynamoAuditLog(db(), required(await env(), 'TABLE_NAME'), systemClock);
}

export async function connectionStore() {
  return new DynamoLinkedInConnectionStore(db(), required(await env(), 'TABLE_NAME'));
}

/** Counts (and for pooled API keys, limits) each user request: every function that serves users needs it. */
export async function metering() {
  return { meter: new DynamoRequestMeter(db(), required(await env(), 'TABLE_NAME')), clock: systemClock };
}

/** The authorizer's identity side; its API key side is authorizer-deps.ts. */
export async function identityDeps() {
  return { users: await userStore(), audit: await auditLog(), clock: systemClock, verifier: new JwtVerifier(identityConfig(await env())) };
}

/** The account function's reads and writes of the table; the deletion queue is added by account-deps.ts. */
export async function accountTableDeps() {
  const e = await env();
  return {
    users: await userStore(),
    usage: new DynamoUsageStore(db(), required(e, ENV.tableName)),
    connections: await connectionStore(),
    ...(await mailPreferenceDeps()),
    web: { origins: webAppOrigins(e) },
    ...(await metering()),
  };
}

/** Mail preferences, the suppression list and the unsubscribe token key (derived from the app secret's generated key). */
export async function mailPreferenceDeps() {
  const e = await env();
  const tableName = required(e, ENV.tableName);
  return {
    preferences: new DynamoMailPreferenceStore(db(), tableName),
    suppression: new DynamoMailSuppressionList(db(), tableName),
    tokens: new HmacUnsubscribeTokens(required(e, ENV.cursorSigningKey)),
  };
}

/** The export function: the profile and the user's partition, read page by page; the key its files' download links are signed with. */
export async function exportDeps() {
  const e = await env();
  return {
    users: await userStore(),
    data: new DynamoUserDataStore(db(), required(e, ENV.tableName)),
    suppression: new DynamoMailSuppressionList(db(), required(e, ENV.tableName)),
    downloads: { tokens: new HmacMediaDownloadTokens(required(e, ENV.cursorSigningKey)), apiUrl: required(e, ENV.apiUrl).replace(/\/$/, '') },
    postUrlBase: linkedinPostUrlBase(e),
    ...(await metering()),
  };
}

export async function healthDeps() {
  return { checks: [new DynamoTableCheck(db(), required(await env(), 'TABLE_NAME'))], clock: systemClock };
}
