import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * The backup file: JSON Lines, UTF-8.
 *   line 1      header   {"format":"mark0-table-backup","version":1,"table":…,"startedAt":…}
 *   lines 2…n   one item per line, in DynamoDB JSON (dynamodb-json.ts)
 *   last line   trailer  {"end":true,"items":<count>,"sha256":<hex of every byte before this line>}
 * Plain text on purpose: `head`, `grep` and `jq` can read it, and a diff between
 * two backups is a diff.
 */
export const BACKUP_FORMAT = 'mark0-table-backup';
export const BACKUP_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  table: string;
  startedAt: string;
  /** Each page was read with ConsistentRead (see README "Backups": what a Scan's consistency means). */
  consistentRead: true;
}

export interface BackupTrailer {
  end: true;
  items: number;
  sha256: string;
  finishedAt: string;
}

export class BackupFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupFileError';
  }
}

/** The file's lines with their exact bytes (split on \n only; JSON never holds a raw newline). */
export async function* readLines(path: string): AsyncGenerator<{ text: string; bytes: Buffer }> {
  let rest = Buffer.alloc(0);
  for await (const chunk of createReadStream(path)) {
    let buffer = Buffer.concat([rest, chunk as Buffer]);
    let newline: number;
    while ((newline = buffer.indexOf(0x0a)) !== -1) {
      const bytes = buffer.subarray(0, newline + 1);
      yield { text: bytes.subarray(0, -1).toString('utf8'), bytes };
      buffer = buffer.subarray(newline + 1);
    }
    rest = Buffer.from(buffer);
  }
  if (rest.length > 0) yield { text: rest.toString('utf8'), bytes: rest };
}

/** SHA-256 of a file's first `length` bytes (all of it by default). */
export async function sha256OfFile(path: string, length?: number): Promise<string> {
  const hash = createHash('sha256');
  const stream = length === undefined ? createReadStream(path) : length === 0 ? undefined : createReadStream(path, { start: 0, end: length - 1 });
  if (stream) for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Reads the whole file once and checks it: the header, one JSON object per item
 * line, and the trailer's item count and checksum. A file cut short (no trailer)
 * or changed by a single byte is refused before anything is written anywhere.
 */
export async function verifyBackupFile(path: string): Promise<{ header: BackupHeader; trailer: BackupTrailer }> {
  if (!existsSync(path)) throw new BackupFileError(`No backup file at ${path}.`);
  const hash = createHash('sha256');
  let header: BackupHeader | undefined;
  let previous: { text: string; bytes: Buffer } | undefined;
  let lines = 0;
  for await (const line of readLines(path)) {
    if (previous) hash.update(previous.bytes);
    if (lines === 0) header = parseHeader(line.text, path);
    previous = line;
    lines++;
  }
  const trailer = previous ? parseTrailer(previous.text) : undefined;
  if (!header || !trailer || !previous!.bytes.subarray(-1).equals(Buffer.from('\n'))) {
    throw new BackupFileError(`${path} is incomplete: it has no end line (an export that did not finish, or a file cut short).`);
  }
  const items = lines - 2;
  if (items !== trailer.items) throw new BackupFileError(`${path} has ${items} item lines but its end line says ${trailer.items}: the file is damaged.`);
  const actual = hash.digest('hex');
  if (actual !== trailer.sha256) {
    throw new BackupFileError(`${path} fails its checksum (sha256 ${actual}, expected ${trailer.sha256}): the file was changed or damaged after export.`);
  }
  return { header, trailer };
}

function parseHeader(text: string, path: string): BackupHeader {
  let header: Partial<BackupHeader>;
  try {
    header = JSON.parse(text) as Partial<BackupHeader>;
  } catch {
    throw new BackupFileError(`${path} is not a Mark.0 table backup (its first line is not JSON).`);
  }
  if (header.format !== BACKUP_FORMAT) throw new BackupFileError(`${path} is not a Mark.0 table backup (format ${JSON.stringify(header.format)}).`);
  if (header.version !== BACKUP_VERSION) throw new BackupFileError(`${path} is backup format version ${header.version}; this tool reads version ${BACKUP_VERSION}.`);
  return header as BackupHeader;
}

function parseTrailer(text: string): BackupTrailer | undefined {
  try {
    const trailer = JSON.parse(text) as Partial<BackupTrailer>;
    return trailer.end === true && typeof trailer.items === 'number' && typeof trailer.sha256 === 'string' ? (trailer as BackupTrailer) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes JSON next to the target and renames it over: a crash leaves the old file or the new, never half of one. */
export function writeJsonAtomically(path: string, value: unknown): void {
  const temp = `${path}.tmp`;
  writeFileSync(temp, JSON.stringify(value, null, 2));
  renameSync(temp, path);
}

export function readJson<T>(path: string): T | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined;
}
