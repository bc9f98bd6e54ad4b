import { createInflate } from 'node:zlib';
import { MEDIA_LIMITS } from '../../contract/api/media';

/** An image's size in pixels, or the sentence saying why it does not decode. */
export type ImageCheck = { ok: true; width: number; height: number } | { ok: false; problem: string };

const broken = (what: string): ImageCheck => ({ ok: false, problem: `This ${what} is damaged or incomplete and cannot be shown; export it again and upload the new file.` });

/** Within LinkedIn's pixel limit, or the sentence saying by how much it is over. */
export function withinPixels(width: number, height: number): ImageCheck {
  if (width < 1 || height < 1) return { ok: false, problem: 'This image has no pixels.' };
  if (width * height > MEDIA_LIMITS.maxImagePixels) {
    return { ok: false, problem: `This image is ${width} × ${height} pixels; LinkedIn takes images up to ${MEDIA_LIMITS.maxImagePixels.toLocaleString('en-US')} pixels in all. Resize it and upload it again.` };
  }
  return { ok: true, width, height };
}

/**
 * A JPEG walked marker by marker from SOI to EOI, through every scan's
 * entropy-coded data: a frame header (SOFn) with its size, at least one scan,
 * and nothing cut short. Bytes after EOI (some phones append data) are allowed.
 */
export function checkJpeg(bytes: Uint8Array): ImageCheck {
  let offset = 2;
  let size: { width: number; height: number } | undefined;
  let scans = 0;
  while (offset + 2 <= bytes.length) {
    if (bytes[offset] !== 0xff) return broken('JPEG');
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    if (marker === 0xd9) {
      if (!size || scans === 0) return broken('JPEG');
      return withinPixels(size.width, size.height);
    }
    if (marker >= 0xd0 && marker <= 0xd7) {
      offset += 2;
      continue;
    }
    if (offset + 4 > bytes.length) return broken('JPEG');
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    if (length < 2 || offset + 2 + length > bytes.length) return broken('JPEG');
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (length < 8) return broken('JPEG');
      size = { height: (bytes[offset + 5]! << 8) | bytes[offset + 6]!, width: (bytes[offset + 7]! << 8) | bytes[offset + 8]! };
    }
    offset += 2 + length;
    if (marker === 0xda) {
      scans++;
      // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart marker.
      while (offset + 1 < bytes.length) {
        if (bytes[offset] === 0xff) {
          const next = bytes[offset + 1]!;
          if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) {
            offset += next === 0xff ? 1 : 2;
            continue;
          }
          break;
        }
        offset++;
      }
    }
  }
  return broken('JPEG');
}

const PNG_SIGNATURE_BYTES = 8;

/**
 * A PNG read chunk by chunk with every CRC checked, and its image data inflated
 * to the end (zlib, streamed, the pixels counted and dropped): the bytes a
 * viewer would decode are all there and intact.
 */
export async function checkPng(bytes: Uint8Array): Promise<ImageCheck> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = PNG_SIGNATURE_BYTES;
  let header: { width: number; height: number; bitDepth: number; colorType: number; interlace: number } | undefined;
  const data: Uint8Array[] = [];
  let ended = false;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (offset + 12 + length > bytes.length) return broken('PNG');
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== view.getUint32(offset + 8 + length)) return broken('PNG');
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      if (length !== 13) return broken('PNG');
      header = { width: view.getUint32(offset + 8), height: view.getUint32(offset + 12), bitDepth: body[8]!, colorType: body[9]!, interlace: body[12]! };
    } else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    offset += 12 + length;
  }
  if (!header || !ended || data.length === 0) return broken('PNG');
  const size = withinPixels(header.width, header.height);
  if (!size.ok) return size;
  const inflated = await inflatedLength(data);
  if (inflated === undefined) return broken('PNG');
  const expected = header.interlace === 0 ? rawLength(header) : undefined;
  if (expected !== undefined && inflated < expected) return broken('PNG');
  return size;
}

/** Bytes of decompressed image data a non-interlaced PNG must have: a filter byte and the packed pixels of each row. */
function rawLength(h: { width: number; height: number; bitDepth: number; colorType: number }): number | undefined {
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[h.colorType];
  if (!channels) return undefined;
  return h.height * (1 + Math.ceil((h.width * channels * h.bitDepth) / 8));
}

function inflatedLength(chunks: Uint8Array[]): Promise<number | undefined> {
  return new Promise((resolve) => {
    const inflate = createInflate();
    let total = 0;
    inflate.on('data', (chunk: Buffer) => (total += chunk.length));
    inflate.on('end', () => resolve(total));
    inflate.on('error', () => resolve(undefined));
    for (const chunk of chunks) inflate.write(chunk);
    inflate.end();
  });
}

let crcTable: Uint32Array | undefined;
function crc32(bytes: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A GIF walked block by block to its trailer: screen size, every frame's image
 * data (LZW code size and sub-blocks) and extension, and LinkedIn's frame limit.
 */
export function checkGif(bytes: Uint8Array): ImageCheck {
  if (bytes.length < 13) return broken('GIF');
  const width = bytes[6]! | (bytes[7]! << 8);
  const height = bytes[8]! | (bytes[9]! << 8);
  const flags = bytes[10]!;
  let offset = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  let frames = 0;
  const skipSubBlocks = (): boolean => {
    while (offset < bytes.length) {
      const size = bytes[offset]!;
      offset += 1 + size;
      if (size === 0) return offset <= bytes.length;
    }
    return false;
  };
  while (offset < bytes.length) {
    const block = bytes[offset]!;
    if (block === 0x3b) {
      if (frames === 0) return broken('GIF');
      if (frames > 250) return { ok: false, problem: `This GIF has ${frames} frames; LinkedIn takes GIFs of up to 250 frames. Shorten it and upload it again.` };
      return withinPixels(width, height);
    }
    if (block === 0x21) {
      offset += 2;
      if (!skipSubBlocks()) return broken('GIF');
    } else if (block === 0x2c) {
      if (offset + 10 > bytes.length) return broken('GIF');
      const local = bytes[offset + 9]!;
      offset += 10 + (local & 0x80 ? 3 * 2 ** ((local & 0x07) + 1) : 0);
      const codeSize = bytes[offset];
      if (codeSize === undefined || codeSize < 2 || codeSize > 11) return broken('GIF');
      offset++;
      if (!skipSubBlocks()) return broken('GIF');
      frames++;
    } else return broken('GIF');
  }
  return broken('GIF');
}
