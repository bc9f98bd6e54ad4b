import { PDFDocument } from 'pdf-lib';
import { MEDIA_LIMITS } from '../../contract/api/media';

export type PdfCheck = { ok: true; pages: number } | { ok: false; problem: string };

/**
 * A PDF that opens: pdf-lib parses its cross-reference table and page tree (and
 * so finds a damaged or truncated file), and counts its pages against LinkedIn's
 * 300. Password-protected PDFs are refused: LinkedIn cannot show them.
 */
export async function checkPdf(bytes: Uint8Array): Promise<PdfCheck> {
  let pages: number;
  try {
    const document = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
    pages = document.getPageCount();
  } catch (error) {
    if (error instanceof Error && /is encrypted/i.test(error.message)) {
      return { ok: false, problem: 'This PDF is password-protected; LinkedIn cannot show it. Save or export it without a password and upload it again.' };
    }
    return { ok: false, problem: 'This PDF is damaged or incomplete and does not open; export it again and upload the new file.' };
  }
  if (pages < 1) return { ok: false, problem: 'This PDF has no pages.' };
  if (pages > MEDIA_LIMITS.maxDocumentPages) {
    return { ok: false, problem: `This PDF has ${pages} pages; LinkedIn takes documents of up to ${MEDIA_LIMITS.maxDocumentPages} pages. Split it and upload a part.` };
  }
  return { ok: true, pages };
}
