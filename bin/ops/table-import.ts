import { BatchWriteItemCommand, ScanCommand, type AttributeValue, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { rmSync } from 'node:fs';
import { TABLE } from '@contract/table-definition';
import { BackupFileError, readJson, readLines, verifyBackupFile, writeJsonAtomically } from './backup-file';
import { fromJsonItem, type JsonItem } from './dynamodb-json';

export interface ImportOptions {
  client: DynamoDBClient;
  tableName: string;
  input: string;
  /** Continue an interrupted restore into the same table (its progress file beside the input says where). */
  resume?: boolean;
  /** BatchWriteItem calls in flight at once. */
  concurrency?: number;
  log?: (line: string) => void;
  /** Called after each chunk is written and its progress saved (tests use it to interrupt a restore). */
  afterChunk?: (itemsDone: number) => void | Promise<void>;
}

interface ImportProgress {
  table: string;
  sha256: string;
  itemsDone: number;
}

/** Items written between two progress saves; a resumed restore rewrites at most this many (writes are idempotent puts). */
const CHUNK_ITEMS = 500;
const BATCH_ITEMS = 25; // BatchWriteItem's limit

export class NonEmptyTableError extends Error {
  constructor(tableName: string) {
    super(
      `Table ${tableName} is not empty. A restore only writes into an empty table, so that nothing already there is overwritten or mixed with the backup: ` +
        'restore into a new table (--create), or empty this one first.',
    );
    this.name = 'NonEmptyTableError';
  }
}

/**
 * Restores a backup file into an empty table. The file is verified first (end
 * line, item count, SHA-256), then written in BatchWriteItem calls, retrying
 * what DynamoDB leaves unprocessed. Progress is saved every 500 items, so
 * `--resume` after an interruption continues where it stopped (the table is then
 * no longer empty, which is why resuming is an explicit choice).
 */
export async function importTable(options: ImportOptions): Promise<{ items: number; resumedFrom: number }> {
  const { client, tableName, input } = options;
  const log = options.log ?? (() => undefined);
  const { trailer } = await verifyBackupFile(input);
  const progressFile = `${input}.restore-progress.json`;
  const saved = readJson<ImportProgress>(progressFile);
  const resumable = options.resume && saved?.table === tableName && saved.sha256 === trailer.sha256;
  if (options.resume && !resumable) log(`nothing to resume for ${tableName} from this file; starting a fresh restore`);
  const start = resumable ? saved.itemsDone : 0;
  if (!resumable && !(await isEmpty(client, tableName))) throw new NonEmptyTableError(tableName);
  if (resumable) log(`resuming the restore into ${tableName} after ${start} of ${trailer.items} items`);

  let index = 0;
  let done = start;
  let chunk: Record<string, AttributeValue>[] = [];
  const flush = async () => {
    await writeAll(client, tableName, chunk, options.concurrency ?? 4);
    done += chunk.length;
    chunk = [];
    writeJsonAtomically(progressFile, { table: tableName, sha256: trailer.sha256, itemsDone: done } satisfies ImportProgress);
    if (done % 10_000 < CHUNK_ITEMS) log(`${done} of ${trailer.items} items restored`);
    await options.afterChunk?.(done);
  };
  let line = 0;
  for await (const { text } of readLines(input)) {
    line++;
    if (line === 1 || index >= trailer.items) continue; // header; and the end line after the last item
    if (index++ < start) continue;
    chunk.push(checkedItem(JSON.parse(text) as JsonItem, line));
    if (chunk.length === CHUNK_ITEMS) await flush();
  }
  if (chunk.length > 0) await flush();
  rmSync(progressFile, { force: true });
  log(`restored ${done} items into ${tableName}`);
  return { items: done, resumedFrom: start };
}

function checkedItem(item: JsonItem, line: number): Record<string, AttributeValue> {
  for (const key of [TABLE.partitionKey, TABLE.sortKey]) {
    const value = item[key];
    if (!value || !('S' in value)) throw new BackupFileError(`Line ${line} has no string ${key}: not an item of this table's design.`);
  }
  return fromJsonItem(item);
}

async function isEmpty(client: DynamoDBClient, tableName: string): Promise<boolean> {
  const { Items } = await client.send(new ScanCommand({ TableName: tableName, Limit: 1, ProjectionExpression: '#pk', ExpressionAttributeNames: { '#pk': TABLE.partitionKey } }));
  return (Items ?? []).length === 0;
}

async function writeAll(client: DynamoDBClient, tableName: string, items: Record<string, AttributeValue>[], concurrency: number): Promise<void> {
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < items.length; i += BATCH_ITEMS) batches.push(items.slice(i, i + BATCH_ITEMS).map((Item) => ({ PutRequest: { Item } })));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) await writeBatch(client, tableName, batches[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
}

/** One BatchWriteItem, then again with whatever DynamoDB left unprocessed (throttling), backing off each time. */
async function writeBatch(client: DynamoDBClient, tableName: string, requests: WriteRequest[]): Promise<void> {
  let pending = requests;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) {
      if (attempt > 10) throw new Error(`DynamoDB left ${pending.length} items unprocessed after 10 retries; run the restore again with --resume.`);
      await new Promise((r) => setTimeout(r, Math.min(5_000, 50 * 2 ** attempt) * (0.5 + Math.random() / 2)));
    }
    const { UnprocessedItems } = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
    pending = UnprocessedItems?.[tableName] ?? [];
  }
}
