import { systemClock } from '../../ports/clock';
import { required, identityConfig, type Env } from '../app-config';
import { CursorCodec } from '../cursor-codec';
import { createDocumentClient } from '../dynamodb/document-client';
import { DynamoAuditLog } from '../dynamodb/audit-log';
import { DynamoPostStore } from '../dynamodb/post-store';
import { DynamoTableCheck } from '../dynamodb/table-check';
import { DynamoRequestMeter } from '../dynamodb/request-meter';
import { DynamoUsageStore } from '../dynamodb/usage-store';
import { DynamoUserStore } from '../dynamodb/user-store';
import { JwtVerifier } from '../jwt-verifier';
import { environmentWithSecrets } from './secrets';

/**
 * Composition root for Lambda: builds each function's adapters from the
 * environment, once per execution environment. Each function asks only for
 * what it needs; esbuild drops the rest from its bundle.
 */
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

async function postStore() {
  const e = await env();
  return new DynamoPostStore(db(), required(e, 'TABLE_NAME'), new CursorCodec(required(e, 'CURSOR_SIGNING_KEY')));
}

export async function auditLog() {
  return new DynamoAuditLog(db(), required(await env(), 'TABLE_NAME'), systemClock);
}

/** Counts (and for pooled API keys, limits) each user request: every function that serves users needs it. */
export async function metering() {
  return { meter: new DynamoRequestMeter(db(), required(await env(), 'TABLE_NAME')), clock: systemClock };
}

/** The authorizer's identity side; its API key side is authorizer-deps.ts. */
export async function identityDeps() {
  return { users: await userStore(), audit: await auditLog(), clock: systemClock, verifier: new JwtVerifier(identityConfig(await env())) };
}

export async function postsDeps() {
  return { posts: await postStore(), ...(await metering()) };
}

export async function accountDeps() {
  return { users: await userStore(), usage: new DynamoUsageStore(db(), required(await env(), 'TABLE_NAME')), ...(await metering()) };
}

export async function healthDeps() {
  return { checks: [new DynamoTableCheck(db(), required(await env(), 'TABLE_NAME'))], clock: systemClock };
}
