import { systemClock } from '../../ports/clock';
import { apiKeyBudget, required, identityConfig, type Env } from '../app-config';
import { CursorCodec } from '../cursor-codec';
import { createDocumentClient } from '../dynamodb/document-client';
import { DynamoApiKeyRegistry } from '../dynamodb/api-key-registry';
import { DynamoAuditLog } from '../dynamodb/audit-log';
import { DynamoPostStore } from '../dynamodb/post-store';
import { DynamoRequestMeter } from '../dynamodb/request-meter';
import { DynamoUsageStore } from '../dynamodb/usage-store';
import { DynamoUserStore } from '../dynamodb/user-store';
import { JwtVerifier } from '../jwt-verifier';
import { AwsApiKeyProvisioner } from './api-gateway-keys';
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

async function userStore() {
  return new DynamoUserStore(db(), required(await env(), 'TABLE_NAME'));
}

async function postStore() {
  const e = await env();
  return new DynamoPostStore(db(), required(e, 'TABLE_NAME'), new CursorCodec(required(e, 'CURSOR_SIGNING_KEY')));
}

async function auditLog() {
  return new DynamoAuditLog(db(), required(await env(), 'TABLE_NAME'), systemClock);
}

/** Counts (and for pooled API keys, limits) each user request: every function that serves users needs it. */
export async function metering() {
  return { meter: new DynamoRequestMeter(db(), required(await env(), 'TABLE_NAME')), clock: systemClock };
}

export async function authorizerDeps() {
  const e = await env();
  return {
    users: await userStore(),
    audit: await auditLog(),
    clock: systemClock,
    verifier: new JwtVerifier(identityConfig(e)),
    apiKeys: {
      provisioner: new AwsApiKeyProvisioner({ resourcePrefix: required(e, 'API_RESOURCE_PREFIX') }),
      registry: new DynamoApiKeyRegistry(db(), required(e, 'TABLE_NAME')),
      keyBudget: apiKeyBudget(e),
    },
  };
}

export async function postsDeps() {
  return { posts: await postStore(), ...(await metering()) };
}

export async function accountDeps() {
  return { users: await userStore(), usage: new DynamoUsageStore(db(), required(await env(), 'TABLE_NAME')), ...(await metering()) };
}
