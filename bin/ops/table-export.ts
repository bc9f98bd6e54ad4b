import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { ScanCommand, type DynamoDBClient, type ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import { BACKUP_FORMAT, BACKUP_VERSION, BackupFileError, readJson, sha256OfFile, writeJsonAtomically, type BackupHeader, type BackupTrailer } from './backup-file';
import { fromJsonItem, toJsonItem, type JsonItem } from './dynamodb-json';

export interface ExportOptions {
  client: DynamoDBClient;
  tableName: string;
  /** The finished backup file. While running, `<out>.partial` and `<out>.progress.json` sit beside it. */
  out: string;
  /** Items per Scan page (DynamoDB also stops a page at 1 MB). */
  pageSize?: number;
  /** Replace an existing finished file at `out`. */
  force?: boolean;
  log?: (line: string) => void;
  /** Called after each page is safely on disk (tests use it to interrupt an export). */
  afterPage?: (page: number) => void | Promise<void>;
  now?: () => Date;
}

export interface ExportResult {
  items: number;
  pages: number;
  sha256: string;
  /** True when this run continued an interrupted one. */
  resumed: boolean;
}

interface ExportProgress {
  table: string;
  header: BackupHeader;
  /** Bytes of `.partial` that are complete; anything after is a torn write and is cut off on resume. */
  bytes: number;
  items: number;
  pages: number;
  /** Where the next Scan page starts; absent with `done` when the scan is complete. */
  lastEvaluatedKey?: JsonItem;
  done: boolean;
}

/**
 * Exports a table to a backup file, page by page (Scan, strongly consistent
 * reads), resumable: after each page the lines are fsynced and then the
 * progress (bytes written, the next start key) is saved atomically. Run the same
 * command again after an interruption and it continues from the last saved page,
 * first cutting off any half-written page. The checksum is computed over the
 * finished file, so it covers exactly what was written, across any number of runs.
 *
 * Consistency: a Scan is not a snapshot. Every item that exists for the whole
 * run appears exactly once, as it was when its page was read; items written
 * during the run may appear in their old or new state, or not at all. For a
 * point-in-time copy in AWS, restore PITR (or an AWS Backup recovery point) to a
 * new table and export that one (docs/RUNBOOK.md#restore-from-backup).
 */
export async function exportTable(options: ExportOptions): Promise<ExportResult> {
  const { client, tableName, out } = options;
  const log = options.log ?? (() => undefined);
  const now = options.now ?? (() => new Date());
  const partial = `${out}.partial`;
  const progressFile = `${out}.progress.json`;
  // A run that stopped between renaming the finished file and deleting its progress: it is done.
  if (existsSync(out) && existsSync(progressFile) && !existsSync(partial)) rmSync(progressFile);
  if (existsSync(out) && !options.force) throw new BackupFileError(`${out} exists; choose another --out or pass --force to replace it.`);

  let progress = readJson<ExportProgress>(progressFile);
  const resumed = progress !== undefined;
  if (progress && progress.table !== tableName) {
    throw new BackupFileError(`${progressFile} belongs to an unfinished export of table ${progress.table}; finish that one or delete ${progressFile} and ${partial}.`);
  }
  const fd = openSync(partial, progress ? 'r+' : 'w');
  try {
    if (progress) {
      const size = statSync(partial).size;
      if (size < progress.bytes) throw new BackupFileError(`${partial} is shorter than its progress file says (${size} < ${progress.bytes} bytes); delete both and start again.`);
      ftruncateSync(fd, progress.bytes); // drop a page that was being written when the last run stopped
      log(`resuming the export of ${tableName}: ${progress.items} items in ${progress.pages} pages already saved`);
    } else {
      const header: BackupHeader = { format: BACKUP_FORMAT, version: BACKUP_VERSION, table: tableName, startedAt: now().toISOString(), consistentRead: true };
      const bytes = append(fd, 0, [JSON.stringify(header)]);
      progress = { table: tableName, header, bytes, items: 0, pages: 0, done: false };
      writeJsonAtomically(progressFile, progress);
    }

    while (!progress.done) {
      const page: ScanCommandOutput = await client.send(
        new ScanCommand({
          TableName: tableName,
          ConsistentRead: true,
          Limit: options.pageSize ?? 1_000,
          ...(progress.lastEvaluatedKey ? { ExclusiveStartKey: fromJsonItem(progress.lastEvaluatedKey) } : {}),
        }),
      );
      const lines: string[] = (page.Items ?? []).map((item) => JSON.stringify(toJsonItem(item)));
      const bytes = append(fd, progress.bytes, lines);
      progress = {
        ...progress,
        bytes: progress.bytes + bytes,
        items: progress.items + lines.length,
        pages: progress.pages + 1,
        lastEvaluatedKey: page.LastEvaluatedKey ? toJsonItem(page.LastEvaluatedKey) : undefined,
        done: page.LastEvaluatedKey === undefined,
      };
      writeJsonAtomically(progressFile, progress);
      if (progress.pages % 50 === 0) log(`${progress.items} items in ${progress.pages} pages`);
      await options.afterPage?.(progress.pages);
    }
  } finally {
    closeSync(fd);
  }

  const sha256 = await sha256OfFile(partial, progress.bytes);
  const trailer: BackupTrailer = { end: true, items: progress.items, sha256, finishedAt: now().toISOString() };
  const fd2 = openSync(partial, 'r+');
  try {
    ftruncateSync(fd2, progress.bytes);
    append(fd2, progress.bytes, [JSON.stringify(trailer)]);
  } finally {
    closeSync(fd2);
  }
  renameSync(partial, out);
  rmSync(progressFile, { force: true });
  log(`exported ${progress.items} items of ${tableName} to ${out} (sha256 ${sha256})`);
  return { items: progress.items, pages: progress.pages, sha256, resumed };
}

/** Writes lines at `position` and fsyncs, so the progress saved afterwards never points past durable bytes. */
function append(fd: number, position: number, lines: string[]): number {
  if (lines.length === 0) return 0;
  const buffer = Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8');
  let written = 0;
  while (written < buffer.length) written += writeSync(fd, buffer, written, buffer.length - written, position + written);
  fsyncSync(fd);
  return buffer.length;
}
