import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SQSClient } from '@aws-sdk/client-sqs';
import { PUBLISHING } from '../../core/publishing/publishing-rules';
import { systemClock } from '../../ports/clock';
import { required, identityConfig, linkedinConfig, linkedinPostUrlBase, webAppOrigins, type Env } from '../app-config';
import { CursorCodec } from '../cursor-codec';
import { createDocumentClient } from '../dynamodb/document-client';
import { DynamoAuditLog } from '../dynamodb/audit-log';
import { DynamoLinkedInConnectionStore } from '../dynamodb/linkedin-connection-store';
import { DynamoOAuthStateStore } from '../dynamodb/oauth-state-store';
import { DynamoPostStore } from '../dynamodb/post-store';
import { DynamoUserStore } from '../dynamodb/user-store';
import { JwtVerifier } from '../jwt-verifier';
import { LinkedInHttpClient } from '../linkedin/linkedin-http-client';
import { EventBridgeEventPublisher } from './eventbridge-event-publisher';
import { EventBridgePostScheduler } from './eventbridge-post-scheduler';
import { KmsTokenCipher } from './kms-token-cipher';
import { environmentWithSecrets } from './secrets';
import { SqsPublishQueue } from './sqs-publish-queue';

/**
 * Composition root for Lambda: builds each function's adapters from the
 * environment, once per execution environment. Each function asks only for
 * what it needs; esbuild drops the rest from its bundle.
 */
export type Warn = (message: string, details: Record<string, unknown>) => void;

let envPromise: Promise<Env> | undefined;
function env(): Promise<Env> {
  return (envPromise ??= environmentWithSecrets());
}

let documentClient: ReturnType<typeof createDocumentClient> | undefined;
function db() {
  return (documentClient ??= createDocumentClient());
}

async function tableName() {
  return required(await env(), 'TABLE_NAME');
}

async function userStore() {
  return new DynamoUserStore(db(), await tableName());
}

async function postStore(withCursors: boolean) {
  const e = await env();
  return new DynamoPostStore(db(), required(e, 'TABLE_NAME'), withCursors ? new CursorCodec(required(e, 'CURSOR_SIGNING_KEY')) : undefined);
}

async function auditLog() {
  return new DynamoAuditLog(db(), await tableName(), systemClock);
}

async function connectionStore() {
  return new DynamoLinkedInConnectionStore(db(), await tableName());
}

function publishQueue(e: Env) {
  return new SqsPublishQueue(new SQSClient({}), required(e, 'PUBLISH_QUEUE_URL'));
}

function tokenCipher(e: Env) {
  return new KmsTokenCipher(new KMSClient({}), required(e, 'TOKEN_KEY_ARN'));
}

export async function authorizerDeps() {
  return { users: await userStore(), audit: await auditLog(), clock: systemClock, verifier: new JwtVerifier(identityConfig(await env())) };
}

export async function postsDeps(warn: Warn) {
  const e = await env();
  return {
    posts: await postStore(true),
    connections: await connectionStore(),
    audit: await auditLog(),
    scheduler: new EventBridgePostScheduler(
      new SchedulerClient({}),
      { groupName: required(e, 'SCHEDULE_GROUP_NAME'), queueArn: required(e, 'PUBLISH_QUEUE_ARN'), roleArn: required(e, 'SCHEDULER_ROLE_ARN') },
      warn,
    ),
    queue: publishQueue(e),
    clock: systemClock,
    postUrlBase: linkedinPostUrlBase(e),
  };
}

export async function accountDeps() {
  return { users: await userStore(), connections: await connectionStore(), clock: systemClock };
}

export async function linkedinDeps() {
  const e = await env();
  return {
    connections: await connectionStore(),
    states: new DynamoOAuthStateStore(db(), required(e, 'TABLE_NAME')),
    linkedin: new LinkedInHttpClient(linkedinConfig(e, PUBLISHING.linkedinTimeoutMs)),
    cipher: tokenCipher(e),
    audit: await auditLog(),
    clock: systemClock,
    web: { origins: webAppOrigins(e), defaultPath: '/settings' },
  };
}

export async function publisherDeps(warn: Warn) {
  const e = await env();
  return {
    posts: await postStore(false),
    connections: await connectionStore(),
    cipher: tokenCipher(e),
    linkedin: new LinkedInHttpClient(linkedinConfig(e, PUBLISHING.linkedinTimeoutMs)),
    events: new EventBridgeEventPublisher(new EventBridgeClient({}), required(e, 'EVENT_BUS_NAME'), warn),
    audit: await auditLog(),
    queue: publishQueue(e),
    clock: systemClock,
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  };
}

export async function reconcilerDeps() {
  const e = await env();
  return { posts: await postStore(false), queue: publishQueue(e), clock: systemClock };
}
