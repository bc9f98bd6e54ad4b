import { renameSync, writeFileSync } from 'node:fs';

/**
 * Writes `text` to `file` whole or not at all: to a temporary file beside it, then renamed over it
 * (one step on the same file system). A process killed mid-write leaves the old file, never half
 * a JSON document that the next `npm start` could not read.
 */
export function writeFileAtomically(file: string, text: string, mode = 0o600): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode });
  renameSync(temporary, file);
}
