import { MEDIA_KINDS, MEDIA_LIMITS, MEDIA_RULES, attachmentProblem, formatBytes, kindOfContentType, tooLargeMessage, type MediaKind } from '@contract/api/media';

/** A file the app will upload, or the sentence saying why LinkedIn would not take it. */
export type FileVerdict = { ok: true; kind: MediaKind; contentType: string } | { ok: false; problem: string };

/** What the picker offers: every type LinkedIn takes, by type and by extension (some systems give no type). */
export const ACCEPTED_FILES = MEDIA_KINDS.flatMap((kind) => Object.entries(MEDIA_RULES[kind].contentTypes).flatMap(([type, extensions]) => [type, ...extensions.map((e) => `.${e}`)])).join(',');

/**
 * Judges a picked or dropped file before a byte is sent, with LinkedIn's
 * limits from the contract (the server judges again, and checks the bytes):
 * its type (from the browser, else its extension) and size.
 */
export function judgeFile(file: { name: string; type: string; size: number }): FileVerdict {
  const contentType = file.type ? file.type.toLowerCase() : typeFromExtension(file.name);
  const kind = contentType ? kindOfContentType(contentType) : undefined;
  if (!kind || !contentType) {
    return { ok: false, problem: `${file.name}: LinkedIn takes images (JPG, PNG, GIF), documents (PDF, PPT, PPTX, DOC, DOCX) and videos (MP4). Convert it to one of these and add it again.` };
  }
  if (file.size === 0) return { ok: false, problem: `${file.name} is empty.` };
  if (file.size > MEDIA_RULES[kind].maxBytes) return { ok: false, problem: `${file.name}: ${tooLargeMessage(kind, file.size)}` };
  if (kind === 'video' && file.size < MEDIA_LIMITS.minVideoBytes) return { ok: false, problem: `${file.name} is ${formatBytes(file.size)}; LinkedIn takes videos from ${formatBytes(MEDIA_LIMITS.minVideoBytes)}.` };
  return { ok: true, kind, contentType };
}

function typeFromExtension(name: string): string | undefined {
  const extension = name.split('.').pop()?.toLowerCase() ?? '';
  for (const kind of MEDIA_KINDS) {
    for (const [type, extensions] of Object.entries(MEDIA_RULES[kind].contentTypes)) if (extensions.includes(extension)) return type;
  }
  return undefined;
}

/** Whether these kinds may go on one post (with or without a poll), as the server will judge: the sentence if not. */
export function combinationProblem(kinds: readonly MediaKind[], hasPoll: boolean): string | undefined {
  return attachmentProblem(kinds, hasPoll);
}
