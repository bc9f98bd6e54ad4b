import type { ReadRange } from './mp4-check';

export type OfficeCheck = { ok: true } | { ok: false; problem: string };

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_ENTRY_SIGNATURE = 0x02014b50;
const MAX_CENTRAL_DIRECTORY_BYTES = 8 * 1024 * 1024;

/**
 * A PPTX or DOCX that opens: its ZIP central directory (read from the end, a
 * few ranges) lists `[Content_Types].xml` and the presentation's `ppt/` or the
 * document's `word/` parts. Page counts of Office files are LinkedIn's to make.
 */
export async function checkOfficeZip(size: number, read: ReadRange, expected: 'ppt/' | 'word/'): Promise<OfficeCheck> {
  const what = expected === 'ppt/' ? 'PowerPoint presentation' : 'Word document';
  const broken: OfficeCheck = { ok: false, problem: `This is not a ${what} that opens (its archive is damaged or it is another kind of file); save it again as ${expected === 'ppt/' ? 'PPTX' : 'DOCX'} and upload the new file.` };
  const tailStart = Math.max(0, size - 65_557);
  const tail = await read(tailStart, size - 1);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return broken;
  const entries = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (cdSize === 0 || cdSize > MAX_CENTRAL_DIRECTORY_BYTES || cdOffset + cdSize > size) return broken;
  const cd = await read(cdOffset, cdOffset + cdSize - 1);
  const cdView = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
  const names: string[] = [];
  let offset = 0;
  for (let i = 0; i < entries && offset + 46 <= cd.length; i++) {
    if (cdView.getUint32(offset, true) !== CENTRAL_ENTRY_SIGNATURE) return broken;
    const nameLength = cdView.getUint16(offset + 28, true);
    const extra = cdView.getUint16(offset + 30, true);
    const comment = cdView.getUint16(offset + 32, true);
    names.push(new TextDecoder().decode(cd.subarray(offset + 46, offset + 46 + nameLength)));
    offset += 46 + nameLength + extra + comment;
  }
  if (!names.includes('[Content_Types].xml') || !names.some((name) => name.startsWith(expected))) return broken;
  return { ok: true };
}
