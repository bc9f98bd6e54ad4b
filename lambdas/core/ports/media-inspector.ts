import type { MediaKind } from '../../contract/api/media';

/** What the check found in a stored file. */
export interface MediaFacts {
  width: number | null;
  height: number | null;
  pages: number | null;
  durationSeconds: number | null;
}

export type Inspection = { ok: true; facts: MediaFacts } | { ok: false; problem: string };

/**
 * Looks inside an uploaded object: the magic bytes against the declared type,
 * an image that decodes, a PDF that opens (and its pages), an MP4's duration.
 * `problem` is a sentence for the person who uploaded it.
 */
export interface MediaInspector {
  inspect(input: { key: string; kind: MediaKind; contentType: string; size: number }): Promise<Inspection>;
}
