/**
 * What a file's first bytes say it is, whatever its name or declared type
 * (a renamed `.exe` stays a program). Only the formats LinkedIn takes are told
 * apart; a few common others are named so the refusal can say what was sent.
 */
export type Sniffed = 'jpeg' | 'png' | 'gif' | 'pdf' | 'ole2' | 'zip' | 'mp4' | 'exe' | 'elf' | 'webp' | 'heic' | 'mov' | 'unknown';

export const SNIFF_BYTES = 1024;

export function sniff(head: Uint8Array): Sniffed {
  const at = (offset: number, ...bytes: number[]) => bytes.every((b, i) => head[offset + i] === b);
  const ascii = (offset: number, text: string) => at(offset, ...[...text].map((c) => c.charCodeAt(0)));
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'gif';
  if (at(0, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'ole2';
  if (at(0, 0x50, 0x4b, 0x03, 0x04)) return 'zip';
  if (ascii(0, 'MZ')) return 'exe';
  if (at(0, 0x7f, 0x45, 0x4c, 0x46)) return 'elf';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'webp';
  if (ascii(4, 'ftyp')) {
    const brand = String.fromCharCode(...head.subarray(8, 12));
    if (/^(heic|heix|hevc|mif1|msf1)$/.test(brand)) return 'heic';
    if (brand === 'qt  ') return 'mov';
    return 'mp4';
  }
  // A PDF's header may follow a little junk (the specification allows it within the first 1024 bytes).
  const text = String.fromCharCode(...head.subarray(0, SNIFF_BYTES));
  if (text.includes('%PDF-')) return 'pdf';
  return 'unknown';
}

/** What a person calls a sniffed format, for "this file is …". */
export const SNIFFED_NAMES: Record<Sniffed, string> = {
  jpeg: 'a JPEG image',
  png: 'a PNG image',
  gif: 'a GIF image',
  pdf: 'a PDF',
  ole2: 'an older Office document (DOC or PPT)',
  zip: 'a ZIP archive',
  mp4: 'an MP4 video',
  exe: 'a Windows program',
  elf: 'a Linux program',
  webp: 'a WebP image',
  heic: 'a HEIC photo (convert it to JPEG)',
  mov: 'a QuickTime movie (export it as MP4)',
  unknown: 'not a format LinkedIn takes',
};

/** The formats each declared content type must sniff as. */
export const EXPECTED_FORMAT: Record<string, Sniffed> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/gif': 'gif',
  'application/pdf': 'pdf',
  'application/vnd.ms-powerpoint': 'ole2',
  'application/msword': 'ole2',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'zip',
  'video/mp4': 'mp4',
};
