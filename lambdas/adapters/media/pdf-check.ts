import { PDFDocument } from 'pdf-lib';
import { MEDIA_LIMITS } from '../../contract/api/media';

const DAMAGED = 'This PDF is damaged or incomplete and does not open; export it again and upload the new file.';

export type PdfCheck = { ok: true; pages: number } | { ok: false; problem: string };

/**
 * A PDF that opens: pdf-lib parses its cross-reference table and page tree (and
 * so finds a damaged or truncated file), and counts its pages against LinkedIn's
 * 300. Password-protected PDFs are refused: LinkedIn cannot show them.
 */
export async function checkPdf(bytes: Uint8Array): Promise<PdfCheck> {
  // pdf-lib forgives a file cut short (it rebuilds what it can); a PDF ends with %%EOF, and one that does not was cut.
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 1024)));
  if (!tail.includes('%%EOF')) return { ok: false, problem: DAMAGED };
  let pages: number;
  try {
    const document = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
    pages = document.getPageCount();
  } catch (error) {
    if (error instanceof Error && /is encrypted/i.test(error.message)) {
      return { ok: false, problem: 'This PDF is password-protected; LinkedIn cannot show it. Save or export it without a password and upload it again.' };
    }
    return { ok: false, problem: DAMAGED };
  }
  if (pages < 1) return { ok: false, problem: 'This PDF has no pages.' };
  if (pages > MEDIA_LIMITS.maxDocumentPages) {
    return { ok: false, problem: `This PDF has ${pages} pages; LinkedIn takes documents of up to ${MEDIA_LIMITS.maxDocumentPages} pages. Split it and upload a part.` };
  }
  return { ok: true, pages };
}
