import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CursorCodec } from '@lambdas/adapters/cursor-codec';
import { DynamoAccountDeletionStore } from '@lambdas/adapters/dynamodb/account-deletion-store';
import { DynamoApiKeyRegistry } from '@lambdas/adapters/dynamodb/api-key-registry';
import { DynamoAuditLog } from '@lambdas/adapters/dynamodb/audit-log';
import { DynamoLinkedInConnectionStore } from '@lambdas/adapters/dynamodb/linkedin-connection-store';
import { DynamoMailOutbox } from '@lambdas/adapters/dynamodb/mail-outbox';
import { DynamoMailSuppressionList } from '@lambdas/adapters/dynamodb/mail-suppression-list';
import { DynamoMediaStore } from '@lambdas/adapters/dynamodb/media-store';
import { DynamoOAuthStateStore } from '@lambdas/adapters/dynamodb/oauth-state-store';
import { DynamoPostStore } from '@lambdas/adapters/dynamodb/post-store';
import { DynamoUsageStore } from '@lambdas/adapters/dynamodb/usage-store';
import { DynamoUserDataStore } from '@lambdas/adapters/dynamodb/user-data-store';
import { DynamoUserStore } from '@lambdas/adapters/dynamodb/user-store';
import { DynamoVoiceStore } from '@lambdas/adapters/dynamodb/voice-store';
import { HmacEmailFingerprint } from '@lambdas/adapters/hmac-email-fingerprint';
import { LocalApiKeyProvisioner } from '@lambdas/adapters/local/local-api-keys';
import { LocalIdentityStore } from '@lambdas/adapters/local/local-identity-store';
import { LocalPostScheduler } from '@lambdas/adapters/local/local-post-scheduler';
import { systemClock } from '@lambdas/adapters/system-clock';
import { DELETION_STEP_NAMES, IN_FLIGHT_SECONDS, type DeletionStepName } from '@lambdas/core/account-data/deletion-step-names';
import type { DeletionDeps } from '@lambdas/core/account-data/deletion-steps';
import { requestDeletion } from '@lambdas/core/account-data/request-deletion';
import { reconcileDeletions, runDeletion } from '@lambdas/core/account-data/run-deletion';
import { ensureApiKey } from '@lambdas/core/keys/ensure-api-key';
import { mediaObjectsEraser } from '@lambdas/core/media/media-account';
import { mediaObjectKey, mediaObjectPrefix, newMediaId } from '@lambdas/core/media/media';
import { takeIn } from '@lambdas/core/mail/mail-intake';
import { publishMessageFor } from '@lambdas/core/publishing/publish-message';
import { revise } from '@lambdas/core/posts/post';
import { runDeletionRecordCommand } from '../../bin/deletion-record-command';
import { startLocalS3, type LocalS3 } from '../../bin/runtime/local-s3/local-s3';
import { ManualClock } from '../support/manual-clock';
import { postIn } from '../support/post-states';
import { itemsMentioning, scanAll } from './support/account-data';
import { createTestTable } from './support/test-table';

/**
 * The deletion job on DynamoDB Local with the local twins of Scheduler, API
 * Gateway's keys and cache, and the identity store: a crash injected between
 * every pair of steps (before the step's end is recorded, and after) is
 * finished by the next run, or by the reconciler; and another user's data is
 * untouched throughout.
 */
const clock = new ManualClock('2026-11-25T09:00:00.000Z');
/** The app secret's CURSOR_SIGNING_KEY, from which the email hash's key is derived. */
const HASH_SECRET = 'crash-test-secret-key';
let table: Awaited<ReturnType<typeof createTestTable>>;
let stores: ReturnType<typeof makeStores>;
const scheduler = new LocalPostScheduler({ clock, posts: undefined as never, queue: { send: async () => undefined }, lookBackHours: 0, lookAheadHours: 0, log: () => undefined });
const keys = new LocalApiKeyProvisioner();
const identities = LocalIdentityStore.open();
let flushes = 0;
/** The media bucket's local twin (s3rver behind the SigV4 gate), as in the runtime. */
let s3: LocalS3;

function makeStores(db: typeof table.db, tableName: string) {
  return {
    users: new DynamoUserStore(db, tableName),
    posts: new DynamoPostStore(db, tableName, new CursorCodec('crash-test-cursor-key')),
    connections: new DynamoLinkedInConnectionStore(db, tableName),
    voices: new DynamoVoiceStore(db, tableName),
    usage: new DynamoUsageStore(db, tableName),
    audit: new DynamoAuditLog(db, tableName, clock),
    states: new DynamoOAuthStateStore(db, tableName),
    registry: new DynamoApiKeyRegistry(db, tableName),
    records: new DynamoAccountDeletionStore(db, tableName, clock),
    data: new DynamoUserDataStore(db, tableName),
    media: new DynamoMediaStore(db, tableName),
  };
}

beforeAll(async () => {
  table = await createTestTable();
  stores = makeStores(table.db, table.tableName);
  // Real time: s3rver checks a signed URL's expiry against its own clock, whatever the job's clock says.
  s3 = await startLocalS3({ clock: systemClock });
});
afterAll(async () => {
  await s3?.stop();
});

/** A file as the media API leaves it: its item, and its bytes PUT with the signed URL the user got. */
async function uploadedFile(userId: string, n: number, withItem = true): Promise<void> {
  const bytes = Buffer.from(`bytes of file ${n} of ${userId}`);
  const id = newMediaId('image', clock.now());
  const at = clock.now().toISOString();
  if (withItem) {
    await stores.media.create({ id, userId, kind: 'image', status: 'pending', contentType: 'image/png', size: bytes.length, fileName: `f${n}.png`, width: null, height: null, pages: null, durationSeconds: null, postId: null, createdAt: at, updatedAt: at });
  }
  const upload = await s3.storage.presignUpload({ key: mediaObjectKey(userId, id), contentType: 'image/png', size: bytes.length, expiresInSeconds: 900 });
  const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: bytes });
  expect(put.status, await put.text()).toBe(200);
}

const objectsOf = (userId: string) => s3.storage.list(mediaObjectPrefix(userId));

/** A user with a profile and key, posts in every state (two with schedules), a connection, a voice, counters, audit events, an OAuth state and media (one file whose item is gone). */
async function populatedUser(): Promise<{ userId: string; email: string }> {
  const userId = `user-${randomUUID()}`;
  const email = `${userId}@example.com`;
  identities.subjectFor(email, userId);
  const { profile } = await stores.users.createIfAbsent({ userId, email, tier: 'free', createdAt: clock.now().toISOString(), timezone: null });
  await ensureApiKey({ provisioner: keys, registry: stores.registry, clock, keyBudget: 1_000 }, profile);
  for (const [i, status] of (['draft', 'published', 'failed', 'waiting', 'scheduled', 'scheduled'] as const).entries()) {
    const post = postIn(status, userId, clock.now(), i);
    const draft = { ...post, status: 'draft' as const, scheduledAt: null, publishedAt: null, linkedinUrn: null, error: null, version: 1 };
    await stores.posts.create(draft);
    if (status === 'draft') continue;
    const { userId: _u, id: _i, createdAt: _c, version: _v, ...fields } = post;
    await stores.posts.update(revise(draft, fields, clock.now()), { status: 'draft', version: 1, scheduledAt: null });
    if (status === 'scheduled') await scheduler.schedule(publishMessageFor(post));
  }
  const now = clock.now().toISOString();
  await stores.connections.save({ userId, memberUrn: 'urn:li:person:x', name: 'X', pictureUrl: null, encryptedAccessToken: 'ciphertext', expiresAt: '2027-01-01T00:00:00.000Z', status: 'connected', connectedAt: now, updatedAt: now });
  await stores.voices.put(userId, { styleProfile: 'short', examples: ['hi'] }, now);
  await stores.usage.tryIncrement({ userId, day: now.slice(0, 10), counter: 'requests', limit: 100 });
  await stores.audit.append(userId, { type: 'user.signed_up' });
  await stores.states.save({ state: randomUUID(), userId, returnTo: 'http://127.0.0.1:3000/settings', expiresAt: new Date(clock.now().getTime() + 600_000).toISOString() });
  for (const n of [1, 2]) await uploadedFile(userId, n);
  await uploadedFile(userId, 3, false);
  return { userId, email };
}

function deps(crash?: { step: DeletionStepName; when: 'before-record' | 'after-record' }): DeletionDeps {
  const records = stores.records;
  return {
    records: {
      ...bind(records),
      completeStep: async (userId, step, at) => {
        if (crash?.step === step && crash.when === 'before-record') throw new Error(`crash after ${step}, before it was recorded`);
        await records.completeStep(userId, step, at);
        if (crash?.step === step && crash.when === 'after-record') throw new Error(`crash after ${step} was recorded`);
      },
    },
    data: stores.data,
    identities,
    authorizerCache: { flush: async () => void flushes++ },
    scheduler,
    oauthStates: stores.states,
    apiKeys: keys,
    storedObjects: [mediaObjectsEraser(s3.storage)],
    clock,
  };
}

function bind(records: DynamoAccountDeletionStore): DeletionDeps['records'] {
  return {
    begin: (input) => records.begin(input),
    get: (userId) => records.get(userId),
    completeStep: (userId, step, at) => records.completeStep(userId, step, at),
    resumeAt: (userId, at) => records.resumeAt(userId, at),
    releaseKeySlot: (userId) => records.releaseKeySlot(userId),
    finish: (userId, at) => records.finish(userId, at),
    unfinished: (limit) => records.unfinished(limit),
    byEmailHash: (hash) => records.byEmailHash(hash),
  };
}

async function requestDeletionOf(user: { userId: string; email: string }): Promise<void> {
  const queue = { start: async () => undefined };
  await requestDeletion({ users: stores.users, records: stores.records, fingerprint: new HmacEmailFingerprint(HASH_SECRET), queue, clock }, user.userId, { confirm: user.email });
}

/** Runs until done, moving the clock over the waits (the in-flight window). */
async function finish(userId: string, options: { crash?: Parameters<typeof deps>[0] } = {}): Promise<void> {
  for (let round = 0; round < 5; round++) {
    const run = await runDeletion(deps(options.crash), userId);
    if (run.status === 'done') return;
    if (run.status === 'waiting') clock.advance(Date.parse(run.until) - clock.now().getTime() + 1_000);
  }
  throw new Error('not finished');
}

async function expectErased(user: { userId: string; email: string }): Promise<void> {
  const items = await scanAll(table.db, table.tableName);
  expect(itemsMentioning(items, user.userId).map((item) => item['PK'])).toEqual([`ACCOUNT_DELETION#${user.userId}`]);
  expect(itemsMentioning(items, user.email)).toEqual([]);
  expect(scheduler.pending().filter((message) => message.userId === user.userId)).toEqual([]);
  expect(keys.keyNames()).not.toContain(`user-${user.userId}`);
  expect(identities.existingSubject(user.email)).toBeUndefined();
  expect(await objectsOf(user.userId)).toEqual([]);
  expect((await stores.records.get(user.userId))?.status).toBe('done');
}

describe('the deletion job, crashed between steps', () => {
  const crashes = DELETION_STEP_NAMES.flatMap((step) => (['before-record', 'after-record'] as const).map((when) => ({ step, when })));

  it.each(crashes)('a crash after $step ($when) is finished by the next run, and nobody else is touched', async (crash) => {
    const bystander = await populatedUser();
    const bystanderItems = itemsMentioning(await scanAll(table.db, table.tableName), bystander.userId);
    const user = await populatedUser();
    await requestDeletionOf(user);

    await expect(finish(user.userId, { crash })).rejects.toThrow(`crash after ${crash.step}`);
    expect((await stores.records.get(user.userId))?.status).toBe('running');
    await finish(user.userId);
    await expectErased(user);
    // Running a finished job again is harmless.
    expect((await runDeletion(deps(), user.userId)).status).toBe('done');

    expect(itemsMentioning(await scanAll(table.db, table.tableName), bystander.userId)).toEqual(bystanderItems);
    expect(scheduler.pending().filter((message) => message.userId === bystander.userId)).toHaveLength(2);
    expect(keys.keyNames()).toContain(`user-${bystander.userId}`);
    expect(await objectsOf(bystander.userId)).toHaveLength(3);
  });

  it('a job whose worker died is re-driven by the reconciler, and the key budget gets its slot back once', async () => {
    const user = await populatedUser();
    const budgetBefore = await stores.registry.dedicatedCount();
    await requestDeletionOf(user);
    await expect(finish(user.userId, { crash: { step: 'api-key', when: 'before-record' } })).rejects.toThrow();
    // The api-key step ran (slot given back) but was not recorded: it runs again, and must not give a second slot back.
    const started: string[] = [];
    const queue = { start: async (userId: string) => void started.push(userId) };
    expect((await reconcileDeletions({ records: stores.records, queue, clock })).restarted).toBe(0);
    clock.advanceMinutes(11);
    const reconciled = await reconcileDeletions({ records: stores.records, queue, clock });
    expect(started).toContain(user.userId);
    expect(reconciled.unfinished).toBeGreaterThanOrEqual(1);
    await finish(user.userId);
    await expectErased(user);
    expect(await stores.registry.dedicatedCount()).toBe(budgetBefore - 1);
  });

  it('erases a file uploaded after its media step (a signed URL handed out before the deletion) in the final sweep', async () => {
    const user = await populatedUser();
    await requestDeletionOf(user);
    const first = await runDeletion(deps(), user.userId);
    expect(first).toMatchObject({ status: 'waiting', step: 'final-sweep' });
    expect(await objectsOf(user.userId)).toEqual([]);
    await uploadedFile(user.userId, 4, false);
    await finish(user.userId);
    await expectErased(user);
  });

  it('waits for a post being published (its lease) before it erases it, then finishes', async () => {
    const user = await populatedUser();
    const publishing = postIn('publishing', user.userId, clock.now(), 99);
    const draft = { ...publishing, status: 'draft' as const, scheduledAt: null, leaseUntil: null, attempts: 0, version: 1 };
    await stores.posts.create(draft);
    await stores.posts.update(revise(draft, { status: 'publishing', scheduledAt: publishing.scheduledAt, leaseUntil: publishing.leaseUntil }, clock.now()), { status: 'draft', version: 1, scheduledAt: null });
    await requestDeletionOf(user);

    const first = await runDeletion(deps(), user.userId);
    expect(first).toMatchObject({ status: 'waiting', step: 'user-data' });
    expect(await stores.posts.get(user.userId, publishing.id)).toBeDefined();
    // Its publisher cannot write any more (the profile is gone): the post can only wait for its lease to end.
    clock.advance(Date.parse(publishing.leaseUntil!) - clock.now().getTime() + 2_000);
    const second = await runDeletion(deps(), user.userId);
    expect(second).toMatchObject({ status: 'waiting', step: 'final-sweep' });
    expect(Date.parse((second as { until: string }).until) - clock.now().getTime()).toBe(IN_FLIGHT_SECONDS * 1000);
    await finish(user.userId);
    await expectErased(user);
  });

  it("answers the operator's \"did you delete my data?\" from the email, which the record does not hold", async () => {
    const user = await populatedUser();
    await requestDeletionOf(user);
    await finish(user.userId);
    const lines: string[] = [];
    const lookup = (email: string) =>
      runDeletionRecordCommand(['--email', email, '--local', '--endpoint', inject('dynamoEndpoint'), '--table', table.tableName], {
        env: { CURSOR_SIGNING_KEY: HASH_SECRET },
        out: (line) => lines.push(line),
      });
    expect(await lookup(` ${user.email.toUpperCase()} `)).toBe(0);
    expect(lines[0]).toMatch(new RegExp(`^user ${user.userId}: asked for .*, finished `));
    expect(lines.some((line) => line.trim().startsWith('final-sweep'))).toBe(true);
    lines.length = 0;
    expect(await lookup('nobody@example.com')).toBe(0);
    expect(lines[0]).toContain('No deletion is recorded for nobody@example.com');
  });

  it('a publishing event arriving after the deletion opens no mail and writes nothing for the account', async () => {
    const user = await populatedUser();
    await requestDeletionOf(user);
    await finish(user.userId);
    const outbox = new DynamoMailOutbox(table.db, table.tableName);
    const late = await takeIn(
      { outbox, suppression: new DynamoMailSuppressionList(table.db, table.tableName), clock },
      { type: 'event', id: 'late-1', event: { type: 'post.failed', userId: user.userId, postId: 'p1', scheduledAt: null, error: { code: 'LINKEDIN_REJECTED', message: 'no' } } },
    );
    expect(late).toEqual({ kind: 'ignored', reason: 'the account was deleted' });
    expect(itemsMentioning(await scanAll(table.db, table.tableName), user.userId).map((item) => item['PK'])).toEqual([`ACCOUNT_DELETION#${user.userId}`]);
  });
});
