import { deflateSync } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/**
 * Real files, made on the fly (no binaries in the repository): the formats
 * LinkedIn takes, built from their specifications so the checks see what a
 * phone, Keynote or an editor would produce — plus the broken and disguised
 * ones people upload by mistake.
 */

/** A PNG of width × height (RGBA, `alpha` < 255 for transparency), compressed with zlib like any encoder. */
export function png(width: number, height: number, options: { alpha?: number; seed?: number } = {}): Buffer {
  const row = 1 + width * 4;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0;
    for (let x = 0; x < width; x++) {
      const p = y * row + 1 + x * 4;
      raw[p] = (x * 7 + (options.seed ?? 0)) & 0xff;
      raw[p + 1] = (y * 5) & 0xff;
      raw[p + 2] = ((x + y) * 3) & 0xff;
      raw[p + 3] = options.alpha ?? 255;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A baseline JPEG (JFIF, Huffman-coded) of width × height, mid-gray, encoded
 * here: every 8 × 8 block is a DC difference of 0 and an end-of-block, each a
 * one-bit code of the file's own Huffman tables; any decoder shows it.
 */
function baselineJpeg(width: number, height: number): Buffer {
  const u16 = (n: number) => [n >> 8, n & 0xff];
  const segment = (marker: number, body: number[]) => Buffer.from([0xff, marker, ...u16(body.length + 2), ...body]);
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const bits = blocks * 2;
  const scan = Buffer.alloc(Math.ceil(bits / 8), 0);
  if (bits % 8 !== 0) scan[scan.length - 1] = 0xff >> (bits % 8); // pad with 1s
  const oneCode = (tableClass: number) => segment(0xc4, [tableClass, 1, ...new Array<number>(15).fill(0), 0x00]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, [...Buffer.from('JFIF\0', 'latin1'), 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]),
    segment(0xc0, [8, ...u16(height), ...u16(width), 1, 1, 0x11, 0]),
    oneCode(0x00),
    oneCode(0x10),
    segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    scan,
    Buffer.from([0xff, 0xd9]),
  ]);
}

/**
 * A JPEG of about `bytes` (at least the image itself), made as a phone makes a
 * big one: the image plus metadata segments (APPn, up to 64 KB each) before it.
 */
export function jpeg(options: { bytes?: number; width?: number; height?: number } = {}): Buffer {
  const image = baselineJpeg(options.width ?? 64, options.height ?? 48);
  const segments: Buffer[] = [];
  let missing = (options.bytes ?? 0) - image.length;
  while (missing > 4) {
    const length = Math.min(65_535, missing - 2);
    const segment = Buffer.alloc(2 + length);
    segment.set([0xff, 0xe2, length >> 8, length & 0xff]);
    segments.push(segment);
    missing -= segment.length;
  }
  return Buffer.concat([image.subarray(0, 2), ...segments, image.subarray(2)]);
}

/** A 1 × 1 GIF89a with `frames` frames (an animation when more than one). */
export function gif(frames = 1): Buffer {
  const header = Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff', 'latin1');
  const frame = Buffer.from('\x21\xf9\x04\x00\x0a\x00\x00\x00\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00', 'latin1');
  return Buffer.concat([header, ...Array.from({ length: frames }, () => frame), Buffer.from([0x3b])]);
}

/** A PDF of `pages` pages with text, as a slide deck exported from Keynote is (one page a slide). */
export async function pdf(pages: number, options: { padBytes?: number } = {}): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) {
    const page = document.addPage([1024, 768]);
    page.drawText(`Slide ${i} of ${pages}`, { x: 80, y: 600, size: 48, font });
  }
  if (options.padBytes) document.attach(Buffer.alloc(options.padBytes, 7), 'padding.bin', { mimeType: 'application/octet-stream' });
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length);
  head.write(type, 4, 'ascii');
  return Buffer.concat([head, body]);
}

/**
 * An MP4 (ISO BMFF) of `seconds` with a video track of width × height and
 * `mediaBytes` of media data (pseudo-random, so each file is its own), `moov`
 * after `mdat` as phones write it, or before it (`faststart`).
 */
export function mp4(options: { seconds: number; mediaBytes: number; width?: number; height?: number; faststart?: boolean; seed?: number }): Buffer {
  const timescale = 1000;
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(timescale, 12);
  mvhd.writeUInt32BE(Math.round(options.seconds * timescale), 16);
  const tkhd = Buffer.alloc(84);
  tkhd.writeUInt32BE((options.width ?? 1280) << 16, 76);
  tkhd.writeUInt32BE((options.height ?? 720) << 16, 80);
  const hdlr = Buffer.alloc(25);
  hdlr.write('vide', 8, 'ascii');
  const moov = box('moov', box('mvhd', mvhd), box('trak', box('tkhd', tkhd), box('mdia', box('hdlr', hdlr))));
  const ftyp = box('ftyp', Buffer.from('isom\x00\x00\x02\x00isomiso2avc1mp41', 'latin1'));
  const media = Buffer.alloc(options.mediaBytes);
  let x = options.seed ?? 1;
  for (let i = 0; i < media.length; i += 4) {
    x = (x * 1103515245 + 12345) >>> 0;
    media.writeUInt32LE(x, Math.min(i, media.length - 4));
  }
  const mdat = box('mdat', media);
  return options.faststart ? Buffer.concat([ftyp, moov, mdat]) : Buffer.concat([ftyp, mdat, moov]);
}

/** A Windows program's first bytes, whatever it is named. */
export function exe(bytes = 4096): Buffer {
  const file = Buffer.alloc(bytes, 0x90);
  file.write('MZ', 0, 'ascii');
  return file;
}
