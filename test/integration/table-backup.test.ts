import { execFile } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { BatchWriteItemCommand, QueryCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { verifyBackupFile } from '../../bin/ops/backup-file';
import { toJsonItem, type JsonAttribute, type JsonItem } from '../../bin/ops/dynamodb-json';
import { exportTable } from '../../bin/ops/table-export';
import { importTable, NonEmptyTableError } from '../../bin/ops/table-import';
import { CursorCodec } from '@lambdas/adapters/cursor-codec';
import { DynamoApiKeyRegistry } from '@lambdas/adapters/dynamodb/api-key-registry';
import { DynamoAuditLog } from '@lambdas/adapters/dynamodb/audit-log';
import { ENTITY } from '@lambdas/adapters/dynamodb/keys';
import { DynamoPostStore } from '@lambdas/adapters/dynamodb/post-store';
import { DynamoUsageStore } from '@lambdas/adapters/dynamodb/usage-store';
import { DynamoUserStore } from '@lambdas/adapters/dynamodb/user-store';
import { DynamoMailOutbox } from '@lambdas/adapters/dynamodb/mail-outbox';
import { DynamoMailPreferenceStore } from '@lambdas/adapters/dynamodb/mail-preference-store';
import { DynamoMailSuppressionList } from '@lambdas/adapters/dynamodb/mail-suppression-list';
import { DynamoQueueStore } from '@lambdas/adapters/dynamodb/queue-store';
import { DynamoVoiceStore } from '@lambdas/adapters/dynamodb/voice-store';
import { createTestTable } from './support/test-table';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'mark0-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const S = (s: string): AttributeValue => ({ S: s });
const N = (n: string | number): AttributeValue => ({ N: String(n) });
const UNICODE = ['Grüße aus Köln', '日本語のテキスト', 'مرحبا بالعالم', '👩🏽‍💻🚀✨', 'e\u0301 combining', 'line\nbreak "quoted" \\ back\tslash', 'sep\u2028arator', ''];
const NUMBERS = ['0', '-1', '3.14159', '12345678901234567890123456789012345678', '-0.000000000000000000000000000000000001', '1E+100', '9.9999999999999999999999999999999999999E+125'];

/** Every entity type of the single table, with the attribute types each uses, plus edge values. */
function seedItems(users: number): Record<string, AttributeValue>[] {
  const items: Record<string, AttributeValue>[] = [];
  for (let u = 0; u < users; u++) {
    const uid = `user-${String(u).padStart(4, '0')}`;
    const pk = S(`USER#${uid}`);
    const text = UNICODE[u % UNICODE.length]!;
    items.push({ PK: pk, SK: S('PROFILE'), type: S('USER'), userId: S(uid), email: S(`${uid}@example.com`), tier: S('free'), timezone: u % 3 ? S('Europe/Paris') : { NULL: true }, scheduledPosts: N(u % 7), lastActiveDay: S('2026-11-25') });
    items.push({ PK: pk, SK: S('LINKEDIN'), type: S('LINKEDIN'), memberUrn: S(`urn:li:person:${u}`), encryptedToken: { B: Buffer.from(`ciphertext-${u}-\u0000\u00ff`, 'latin1') }, scopes: { SS: ['openid', 'profile', 'w_member_social'] }, expiresAt: S('2027-01-24T00:00:00.000Z') });
    for (let p = 0; p < 4; p++) {
      const id = `01J${String(u).padStart(5, '0')}${p}AAAAAAAAAAAAAAAA`;
      const status = ['draft', 'scheduled', 'published', 'failed'][p]!;
      const item: Record<string, AttributeValue> = {
        PK: pk, SK: S(`POST#${id}`), type: S('POST'), id: S(id), userId: S(uid), content: S(`${text} #${p} ${'x'.repeat(p * 100)}`), status: S(status),
        version: N(p + 1), createdAt: S('2026-11-20T10:00:00.000Z'), updatedAt: S('2026-11-21T10:00:00.000Z'),
        scheduledAt: p === 1 ? S('2026-12-01T09:00:00.000Z') : { NULL: true }, publishedAt: { NULL: true }, linkedinUrn: { NULL: true },
        error: p === 3 ? { M: { code: S('LINKEDIN_REJECTED'), message: S(text), details: { L: [{ M: { attempt: N(3), retryable: { BOOL: false } } }] } } } : { NULL: true },
        GSI1PK: S(`USER#${uid}#${status}`), GSI1SK: S(`2026-11-21T10:00:00.000Z#${id}`),
      };
      if (p === 1) Object.assign(item, { GSI2PK: S('DUE#2026-12-01T09'), GSI2SK: S(`2026-12-01T09:00:00.000Z#${uid}#${id}`) });
      items.push(item);
    }
    items.push({
      PK: pk, SK: S(`MEDIA#img_01J${String(u).padStart(23, '0')}`), type: S('MEDIA'), kind: S('image'), status: S('ready'), size: N(12_582_912), fileName: S(`IMG ${text}.jpg`),
      width: N(4032), height: N(3024), pages: { NULL: true }, postId: S(`01J${String(u).padStart(5, '0')}0AAAAAAAAAAAAAAAA`),
      asset: { M: { urn: S('urn:li:image:C4E10AQ'), state: S('uploaded'), etags: { L: [S('/ambry-video/abc')] }, uploads: { L: [{ M: { url: S('https://example.com/u'), firstByte: N(0), lastByte: N(12_582_911) } }] } } },
    });
    items.push({ PK: pk, SK: S('USAGE#2026-11-25'), type: S('USAGE'), day: S('2026-11-25'), requests: N(u * 13), aiGenerations: N(u % 10), ttl: N(1_767_225_600) });
    items.push({ PK: pk, SK: S(`AUDIT#2026-11-25T10:00:00.000Z#${u}`), type: S('AUDIT'), event: S('linkedin.connected'), at: S('2026-11-25T10:00:00.000Z'), data: { M: { memberUrn: S(`urn:li:person:${u}`), nested: { M: { deep: { M: { list: { L: [N(1), S(text), { NULL: true }, { BOOL: true }] } } } } } } }, ttl: N(1_795_000_000) });
  }
  for (let b = 0; b < 20; b++) items.push({ PK: S(`USAGE_BATCH#${b}-${'e'.repeat(56)}#0`), SK: S('MARKER'), type: S('USAGE_BATCH'), counts: N(b + 1), ttl: N(1_764_200_000 + b) });
  for (let s = 0; s < 50; s++) items.push({ PK: S(`OAUTH#state-${s}`), SK: S('STATE'), type: S('OAUTH_STATE'), userId: S('user-0001'), returnTo: S('https://app.example.com/settings'), GSI1PK: S('OAUTH_STATES#USER#user-0001'), GSI1SK: S(`2026-11-25T10:${String(s).padStart(2, '0')}:00.000Z`), ttl: N(1_764_000_000 + s) });
  for (let d = 0; d < 5; d++) {
    items.push({
      PK: S(`ACCOUNT_DELETION#gone-${d}`), SK: S('RECORD'), type: S('ACCOUNT_DELETION'), userId: S(`gone-${d}`), emailHash: S('ab'.repeat(32)),
      requestedAt: S('2026-11-25T10:00:00.000Z'), status: S('done'), steps: { M: { identity: S('2026-11-25T10:00:01.000Z') } }, heldKeySlot: { BOOL: false },
      completedAt: S('2026-11-25T10:03:00.000Z'), updatedAt: S('2026-11-25T10:03:00.000Z'), GSI1PK: S(`ACCOUNT_DELETIONS#EMAIL#${'ab'.repeat(32)}`), GSI1SK: S(`2026-11-25T10:03:00.000Z#gone-${d}`),
    });
  }
  items.push({
    PK: S('EDGE#values'), SK: S('ALL'), numbers: { L: NUMBERS.map(N) }, numberSet: { NS: NUMBERS.slice(1, 5) }, strings: { L: UNICODE.map(S) },
    stringSet: { SS: UNICODE.filter(Boolean) }, binarySet: { BS: [Buffer.from([0, 1, 2, 255]), Buffer.from('ünïcödé')] }, emptyMap: { M: {} }, emptyList: { L: [] },
    yes: { BOOL: true }, no: { BOOL: false }, nothing: { NULL: true },
  });
  return items;
}

async function put(client: DynamoDBClient, tableName: string, items: Record<string, AttributeValue>[]): Promise<void> {
  const batches: Record<string, AttributeValue>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  const writer = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      let pending = batch.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const { UnprocessedItems } = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
        pending = (UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all([writer(), writer(), writer(), writer()]);
}

/** Every item of a table, as DynamoDB returns it, in key order, with set members sorted (sets have no order). */
async function contents(client: DynamoDBClient, tableName: string): Promise<JsonItem[]> {
  const items: JsonItem[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []).map((item) => sortSets(toJsonItem(item))));
    start = page.LastEvaluatedKey;
  } while (start);
  const key = (item: JsonItem) => `${(item['PK'] as { S: string }).S}\u0000${(item['SK'] as { S: string }).S}`;
  return items.sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

function sortSets(item: JsonItem): JsonItem {
  const fix = (v: JsonAttribute): JsonAttribute =>
    'SS' in v ? { SS: [...v.SS].sort() } : 'NS' in v ? { NS: [...v.NS].sort() } : 'BS' in v ? { BS: [...v.BS].sort() } : 'M' in v ? { M: sortSets(v.M) } : 'L' in v ? { L: v.L.map(fix) } : v;
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, fix(v)]));
}

let source: Awaited<ReturnType<typeof createTestTable>>;
let expected: JsonItem[];
/** One export of the source, made once (the first test checks it; the restore tests read it). */
const full = join(dir, 'full.jsonl');
let fullExport: Awaited<ReturnType<typeof exportTable>>;
const USERS = 400; // 9 items each + 20 usage-batch markers + 50 OAuth states + 5 deletion records + an edge item + 12 written by the adapters: 3,688 items

beforeAll(async () => {
  source = await createTestTable();
  await put(source.client, source.tableName, seedItems(USERS));
  // A few written by the real adapters too, so the shapes the app writes are covered whatever they become.
  const users = new DynamoUserStore(source.db, source.tableName);
  await users.createIfAbsent({ userId: 'adapter-user', email: 'a@example.com', tier: 'pro', createdAt: '2026-11-25T00:00:00.000Z', timezone: 'Asia/Tokyo' });
  await new DynamoPostStore(source.db, source.tableName, new CursorCodec('k'.repeat(32))).create({
    id: '01JADAPTERPOST0000000000000', userId: 'adapter-user', content: 'Posted by the adapter 🎉', status: 'draft', scheduledAt: null, publishedAt: null,
    linkedinUrn: null, linkedinUrl: null, error: null, createdAt: '2026-11-25T00:00:00.000Z', updatedAt: '2026-11-25T00:00:00.000Z', version: 1,
  } as never);
  const registry = new DynamoApiKeyRegistry(source.db, source.tableName);
  await registry.claim({ pool: 'pro-pooled' }, 'token', Date.parse('2026-11-25T00:00:00Z'), 30_000);
  await registry.assign({ pool: 'pro-pooled' }, 'token', { id: 'key-id', value: 'key-value', plan: 'pro-pooled' });
  await registry.reserveDedicated('adapter-user', 10);
  await new DynamoVoiceStore(source.db, source.tableName).put('adapter-user', { styleProfile: 'Warm, précis, no emojis', examples: ['Première ligne\nDeuxième'] }, '2026-11-25T00:00:00.000Z');
  await new DynamoUsageStore(source.db, source.tableName).tryIncrement({ userId: 'adapter-user', day: '2026-11-25', counter: 'aiGenerations', limit: 10 });
  await new DynamoAuditLog(source.db, source.tableName, { now: () => new Date('2026-11-25T12:00:00Z') }).append('adapter-user', { type: 'user.signed_in', data: { authTime: '2026-11-25T11:59:00.000Z' } });
  // Mail to users: an outbox mail, its open-mail record and entry key (3 items), preferences, a suppressed address.
  const mailAt = new Date('2026-11-25T12:00:00Z');
  await new DynamoMailOutbox(source.db, source.tableName).collect({
    userId: 'adapter-user', entry: { type: 'post.failed', postId: 'p', scheduledAt: null, error: { code: 'LINKEDIN_REJECTED', message: 'Refusé — « texte »' }, at: mailAt.toISOString() }, dedupeKey: 'event#e1', now: mailAt,
  });
  await new DynamoMailPreferenceStore(source.db, source.tableName).update('adapter-user', { weeklySummary: true }, mailAt);
  await new DynamoMailSuppressionList(source.db, source.tableName).suppress('bounced@example.com', 'bounce', mailAt);
  const queue = new DynamoQueueStore(source.db, source.tableName);
  await queue.putSchedule({ userId: 'adapter-user', channel: 'linkedin', slots: [{ day: 'tue', time: '08:30' }], custom: true, paused: true, pausedAt: mailAt.toISOString(), updatedAt: mailAt.toISOString(), version: 2 }, 1, 'UTC');
  expected = await contents(source.client, source.tableName);
  fullExport = await exportTable({ client: source.client, tableName: source.tableName, out: full, pageSize: 250 });
}, 120_000);

describe('npm run backup / npm run restore', () => {
  it('round-trips thousands of items of every entity type into an empty table with nothing lost or changed', async () => {
    expect(expected.length).toBe(3_690);
    const types = new Set(expected.map((item) => (item['type'] as { S: string } | undefined)?.S));
    for (const type of Object.values(ENTITY)) expect(types, `entity type ${type}`).toContain(type);
    expect(fullExport).toMatchObject({ items: expected.length, resumed: false });
    expect(fullExport.pages).toBeGreaterThan(10);
    const { trailer } = await verifyBackupFile(full);
    expect(trailer).toMatchObject({ items: expected.length, sha256: fullExport.sha256 });

    const target = await createTestTable();
    expect(await importTable({ client: target.client, tableName: target.tableName, input: full })).toEqual({ items: expected.length, resumedFrom: 0 });
    expect(await contents(target.client, target.tableName)).toEqual(expected);

    // The indexes are rebuilt from the restored attributes: the due-posts index answers as before.
    const due = (client: DynamoDBClient, table: string) =>
      client.send(new QueryCommand({ TableName: table, IndexName: 'GSI2', KeyConditionExpression: 'GSI2PK = :b', ExpressionAttributeValues: { ':b': S('DUE#2026-12-01T09') } }));
    expect((await due(target.client, target.tableName)).Count).toBe(USERS);
    expect((await due(target.client, target.tableName)).Count).toBe((await due(source.client, source.tableName)).Count);
  });

  it('resumes an interrupted export (a torn page included) and produces the same items and a valid checksum', async () => {
    const out = join(dir, 'resumed.jsonl');
    const stop = new Error('interrupted');
    await expect(
      exportTable({ client: source.client, tableName: source.tableName, out, pageSize: 200, afterPage: (page) => { if (page === 5) throw stop; } }),
    ).rejects.toBe(stop);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(true);
    // A crash in the middle of writing the next page leaves half a line behind.
    appendFileSync(`${out}.partial`, '{"PK":{"S":"USER#half-writ');

    const resumed = await exportTable({ client: source.client, tableName: source.tableName, out, pageSize: 200 });
    expect(resumed).toMatchObject({ resumed: true, items: expected.length });
    expect(existsSync(`${out}.partial`) || existsSync(`${out}.progress.json`)).toBe(false);
    await verifyBackupFile(out);

    const target = await createTestTable();
    await importTable({ client: target.client, tableName: target.tableName, input: out });
    expect(await contents(target.client, target.tableName)).toEqual(expected);
  });

  it('resumes an interrupted restore with --resume, and refuses to restore into a non-empty table', async () => {
    const out = join(dir, 'for-restore.jsonl');
    copyFileSync(full, out); // its own copy: the restore keeps its progress file beside it
    const target = await createTestTable();
    const stop = new Error('interrupted');
    await expect(importTable({ client: target.client, tableName: target.tableName, input: out, afterChunk: (done) => { if (done === 1_000) throw stop; } })).rejects.toBe(stop);

    await expect(importTable({ client: target.client, tableName: target.tableName, input: out })).rejects.toBeInstanceOf(NonEmptyTableError);
    const resumed = await importTable({ client: target.client, tableName: target.tableName, input: out, resume: true });
    expect(resumed).toEqual({ items: expected.length, resumedFrom: 1_000 });
    expect(await contents(target.client, target.tableName)).toEqual(expected);
    await expect(importTable({ client: target.client, tableName: target.tableName, input: out })).rejects.toThrow(/is not empty/);
  });

  it('refuses a file changed by one character, a truncated file and a file that is not a backup, before writing anything', async () => {
    const lines = readFileSync(full, 'utf8').split('\n');
    const target = await createTestTable();

    writeFileSync(join(dir, 'changed.jsonl'), [lines[0], lines[1]!.replace('USER', 'USEr'), ...lines.slice(2)].join('\n'));
    await expect(importTable({ client: target.client, tableName: target.tableName, input: join(dir, 'changed.jsonl') })).rejects.toThrow(/fails its checksum/);
    writeFileSync(join(dir, 'cut.jsonl'), lines.slice(0, 100).join('\n') + '\n');
    await expect(importTable({ client: target.client, tableName: target.tableName, input: join(dir, 'cut.jsonl') })).rejects.toThrow(/is incomplete/);
    writeFileSync(join(dir, 'other.jsonl'), '{"hello":"world"}\n');
    await expect(importTable({ client: target.client, tableName: target.tableName, input: join(dir, 'other.jsonl') })).rejects.toThrow(/not a Mark.0 table backup/);
    expect(await contents(target.client, target.tableName)).toEqual([]);
  });

  it('works as the npm scripts: --local finds the running runtime, or endpoint and table come as flags', async () => {
    const endpoint = inject('dynamoEndpoint');
    const out = join(dir, 'cli.jsonl');
    const tsx = join(ROOT, 'node_modules/.bin/tsx');
    // What `npm start` writes while it runs (bin/runtime/runtime-info.ts).
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'runtime.json'), JSON.stringify({ url: 'http://127.0.0.1:3000', dynamoEndpoint: endpoint, tableName: source.tableName, pid: 1 }));
    const backup = await run(tsx, ['bin/backup.ts', '--local', '--out', out], { cwd: ROOT, env: { ...process.env, MARK0_DATA_DIR: dataDir } });
    expect(JSON.parse(backup.stdout)).toMatchObject({ file: out, items: expected.length });

    const restored = `restored-${Date.now()}`;
    const restore = await run(tsx, ['bin/restore.ts', '--in', out, '--endpoint', endpoint, '--table', restored, '--create'], { cwd: ROOT });
    expect(JSON.parse(restore.stdout)).toEqual({ table: restored, items: expected.length, resumedFrom: 0 });
    expect(await contents(source.client, restored)).toEqual(expected);
  });
});
