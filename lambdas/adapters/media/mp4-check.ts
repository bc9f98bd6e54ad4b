import { MEDIA_LIMITS } from '../../contract/api/media';

export type Mp4Check = { ok: true; durationSeconds: number; width: number | null; height: number | null } | { ok: false; problem: string };

/** Reads bytes [start, end] of the stored file. */
export type ReadRange = (start: number, end: number) => Promise<Uint8Array>;

/** A `moov` box bigger than this is not a video a phone or an editor makes. */
const MAX_MOOV_BYTES = 64 * 1024 * 1024;

const broken: Mp4Check = { ok: false, problem: 'This video is damaged or incomplete (its MP4 structure does not hold together); export it again and upload the new file.' };

/**
 * An MP4 read the way a player starts: top-level boxes walked by their
 * headers alone (the media data is never read, so a 500 MB file costs a few
 * small range reads, wherever its `moov` is), then the movie header's duration
 * and the video track's size. LinkedIn takes 3 seconds to 30 minutes.
 */
export async function checkMp4(size: number, read: ReadRange): Promise<Mp4Check> {
  let offset = 0;
  let moov: Uint8Array | undefined;
  let sawMdat = false;
  while (offset + 8 <= size) {
    const head = await read(offset, Math.min(size, offset + 16) - 1);
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    let boxSize = view.getUint32(0);
    const type = String.fromCharCode(...head.subarray(4, 8));
    if (offset === 0 && type !== 'ftyp') return broken;
    if (boxSize === 1) {
      if (head.length < 16) return broken;
      boxSize = Number(view.getBigUint64(8));
    } else if (boxSize === 0) boxSize = size - offset;
    if (boxSize < 8 || offset + boxSize > size) return broken;
    if (type === 'mdat') sawMdat = true;
    if (type === 'moov') {
      if (boxSize > MAX_MOOV_BYTES) return broken;
      moov = await read(offset, offset + boxSize - 1);
    }
    offset += boxSize;
  }
  if (!moov || !sawMdat) return broken;
  const movie = movieFacts(moov);
  if (!movie) return broken;
  if (!movie.hasVideo) return { ok: false, problem: 'This MP4 has no video track (only sound?); LinkedIn takes videos.' };
  const seconds = Math.round(movie.durationSeconds * 10) / 10;
  if (seconds < MEDIA_LIMITS.minVideoSeconds) return { ok: false, problem: `This video lasts ${seconds} s; LinkedIn takes videos of ${MEDIA_LIMITS.minVideoSeconds} seconds to 30 minutes.` };
  if (seconds > MEDIA_LIMITS.maxVideoSeconds) {
    return { ok: false, problem: `This video lasts ${Math.round(seconds / 60)} minutes; LinkedIn takes videos of up to 30 minutes. Trim it and upload it again.` };
  }
  return { ok: true, durationSeconds: seconds, width: movie.width, height: movie.height };
}

interface Box {
  type: string;
  start: number;
  end: number;
}

function* boxes(bytes: Uint8Array, start: number, end: number): Generator<Box> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = start;
  while (offset + 8 <= end) {
    let size = view.getUint32(offset);
    let header = 8;
    if (size === 1 && offset + 16 <= end) {
      size = Number(view.getBigUint64(offset + 8));
      header = 16;
    } else if (size === 0) size = end - offset;
    if (size < header || offset + size > end) return;
    yield { type: String.fromCharCode(...bytes.subarray(offset + 4, offset + 8)), start: offset + header, end: offset + size };
    offset += size;
  }
}

function child(bytes: Uint8Array, parent: Box, type: string): Box | undefined {
  for (const box of boxes(bytes, parent.start, parent.end)) if (box.type === type) return box;
  return undefined;
}

function movieFacts(moov: Uint8Array): { durationSeconds: number; hasVideo: boolean; width: number | null; height: number | null } | undefined {
  const view = new DataView(moov.buffer, moov.byteOffset, moov.byteLength);
  const root: Box = { type: 'moov', start: 8, end: moov.length };
  const mvhd = child(moov, root, 'mvhd');
  if (!mvhd || mvhd.end - mvhd.start < 32) return undefined;
  const version = moov[mvhd.start]!;
  const timescale = view.getUint32(mvhd.start + (version === 1 ? 20 : 12));
  const duration = version === 1 ? Number(view.getBigUint64(mvhd.start + 24)) : view.getUint32(mvhd.start + 16);
  if (timescale === 0) return undefined;
  let video: { width: number; height: number } | undefined;
  for (const trak of boxes(moov, root.start, root.end)) {
    if (trak.type !== 'trak') continue;
    const mdia = child(moov, trak, 'mdia');
    const hdlr = mdia ? child(moov, mdia, 'hdlr') : undefined;
    if (!hdlr || String.fromCharCode(...moov.subarray(hdlr.start + 8, hdlr.start + 12)) !== 'vide') continue;
    const tkhd = child(moov, trak, 'tkhd');
    const at = tkhd ? tkhd.start + (moov[tkhd.start] === 1 ? 88 : 76) : -1;
    video = tkhd && at + 8 <= tkhd.end ? { width: view.getUint32(at) >>> 16, height: view.getUint32(at + 4) >>> 16 } : { width: 0, height: 0 };
    break;
  }
  return { durationSeconds: duration / timescale, hasVideo: video !== undefined, width: video?.width || null, height: video?.height || null };
}
