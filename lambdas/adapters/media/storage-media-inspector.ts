import type { Inspection, MediaInspector } from '../../core/ports/media-inspector';
import type { MediaStorage } from '../../core/ports/media-storage';
import { wrongTypeMessage, type MediaKind } from '../../contract/api/media';
import { checkGif, checkJpeg, checkPng, type ImageCheck } from './image-check';
import { EXPECTED_FORMAT, SNIFF_BYTES, SNIFFED_NAMES, sniff } from './magic-bytes';
import { checkMp4 } from './mp4-check';
import { checkOfficeZip } from './office-check';
import { checkPdf } from './pdf-check';

const NO_FACTS = { width: null, height: null, pages: null, durationSeconds: null };

/**
 * Looks inside a stored upload through the media storage port: the first bytes
 * against the declared type, then the format's own check. Images and PDFs are
 * read whole (at most 36 and 100 MB, within the function's memory); videos and
 * Office files by a few ranges, never whole.
 */
export class StorageMediaInspector implements MediaInspector {
  constructor(private readonly storage: MediaStorage) {}

  async inspect(input: { key: string; kind: MediaKind; contentType: string; size: number }): Promise<Inspection> {
    const read = (start: number, end: number) => this.storage.read(input.key, start, end);
    const head = await read(0, Math.min(input.size, SNIFF_BYTES) - 1);
    const found = sniff(head);
    const expected = EXPECTED_FORMAT[input.contentType];
    if (!expected || found !== expected) {
      return { ok: false, problem: `It was sent as ${input.contentType}, but its contents are ${SNIFFED_NAMES[found]}. ${wrongTypeMessage(input.kind, input.contentType).split(';')[0]}.` };
    }
    switch (found) {
      case 'jpeg':
      case 'png':
      case 'gif': {
        const bytes = await read(0, input.size - 1);
        const image: ImageCheck = found === 'jpeg' ? checkJpeg(bytes) : found === 'png' ? await checkPng(bytes) : checkGif(bytes);
        return image.ok ? { ok: true, facts: { ...NO_FACTS, width: image.width, height: image.height } } : image;
      }
      case 'pdf': {
        const pdf = await checkPdf(await read(0, input.size - 1));
        return pdf.ok ? { ok: true, facts: { ...NO_FACTS, pages: pdf.pages } } : pdf;
      }
      case 'zip': {
        const office = await checkOfficeZip(input.size, read, input.contentType.includes('presentation') ? 'ppt/' : 'word/');
        return office.ok ? { ok: true, facts: NO_FACTS } : office;
      }
      case 'ole2':
        // The older binary formats: the signature is what can be checked without an Office parser; LinkedIn converts them.
        return { ok: true, facts: NO_FACTS };
      case 'mp4': {
        const video = await checkMp4(input.size, read);
        return video.ok ? { ok: true, facts: { ...NO_FACTS, durationSeconds: video.durationSeconds, width: video.width, height: video.height } } : video;
      }
      default:
        return { ok: false, problem: `Its contents are ${SNIFFED_NAMES[found]}.` };
    }
  }
}
