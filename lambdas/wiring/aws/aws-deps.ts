import { randomBytes } from 'node:crypto';
import { required } from '../config';
import { CursorCodec } from '../../adapters/cursor-codec';
import { createDocumentClient } from '../../adapters/dynamodb/document-client';
import { DynamoAuditLog } from '../../adapters/dynamodb/audit-log';
import { DynamoLinkedInConnectionStore } from '../../adapters/dynamodb/linkedin-connection-store';
import { DynamoMailPreferenceStore } from '../../adapters/dynamodb/mail-preference-store';
import { DynamoMailSuppressionList } from '../../adapters/dynamodb/mail-suppression-list';
import { HmacUnsubscribeTokens } from '../../adapters/unsubscribe-token-signer';
import { DynamoPostStore } from '../../adapters/dynamodb/post-store';
import { DynamoQueueStore } from '../../adapters/dynamodb/queue-store';
import { DynamoTableCheck } from '../../adapters/dynamodb/table-check';
import { DynamoRequestMeter } from '../../adapters/dynamodb/request-meter';
import { DynamoAccountReader } from '../../adapters/dynamodb/account-reader';
import { DynamoUserStore } from '../../adapters/dynamodb/user-store';
import { systemClock } from '../../adapters/system-clock';
import { ENV } from '../../contract/environment';
import type { Env } from '../../contract/environment';

/**
 * Composition root for Lambda: builds each function's adapters from the
 * environment, once per execution environment. Each function asks only for
 * what it needs. Factories that need clients beyond DynamoDB (or jose, or the
 * app secret) live in their own modules (authorizer-deps, ai-deps, posts-deps,
 * linkedin-deps, publishing-deps, reconciler-deps, secret-env): esbuild cannot
 * drop an imported SDK client from a bundle (its modules have side effects),
 * so keeping them out of this shared module keeps them out of every other
 * function's bundle (bundle sizes: `npm run bench:cold-start`, held to
 * 300 KiB by test/infra/bundles.test.ts).
 */
export type Warn = (message: string, details: Record<string, unknown>) => void;

/**
 * The function's environment. Functions that read the app secret (posts,
 * linkedin, ai) merge it over this in their own composition root
 * (secret-env.ts), so the Secrets Manager client is bundled only where it runs.
 */
export async function env(): Promise<Env> {
  return process.env;
}

let documentClient: ReturnType<typeof createDocumentClient> | undefined;
export function db() {
  return (documentClient ??= createDocumentClient());
}

export async function userStore() {
  return new DynamoUserStore(db(), required(await env(), 'TABLE_NAME'));
}

/**
 * Post store; `cursorSigningKey` (from the app secret) for functions that hand page cursors to clients.
 * Without, cursors are signed with a key of this process: the publisher still pages (a 401 fails a user's
 * due posts 100 at a time), and its cursors never leave the invocation that made them.
 */
export async function postStore(cursorSigningKey?: string) {
  const cursorKey = cursorSigningKey ?? randomBytes(32).toString('base64url');
  return new DynamoPostStore(db(), required(await env(), ENV.tableName), new CursorCodec(cursorKey));
}

/** Posting schedules and the taken instants (the queue). */
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

/** Reads several of one user's items in one call (account and posts functions). */
export async function accountReader() {
  return new DynamoAccountReader(db(), required(await env(), 'TABLE_NAME'));
}

/** Mail preferences, the suppression list and the unsubscribe token key (from the app secret: `e` is a secretEnv()). */
export function mailPreferenceDeps(e: Env) {
  const tableName = required(e, ENV.tableName);
  return {
    preferences: new DynamoMailPreferenceStore(db(), tableName),
    suppression: new DynamoMailSuppressionList(db(), tableName),
    tokens: new HmacUnsubscribeTokens(required(e, ENV.cursorSigningKey)),
  };
}

export async function healthDeps() {
  return { checks: [new DynamoTableCheck(db(), required(await env(), 'TABLE_NAME'))], clock: systemClock };
}
