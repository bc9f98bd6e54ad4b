import { useEffect, useRef, useState } from 'react';
import type { MediaKind, PollView } from '@contract/api/media';
import type { Media, MarkApi, Post } from '../../api/mark-api';
import type { UnsavedAttachment, UnsavedExtras } from '../../drafts/unsaved-text';
import { moveItem } from '../../media/feed-grid';
import { combinationProblem, judgeFile } from '../../media/file-rules';
import { UploadError, uploadFile } from '../../media/upload-file';
import { ApiError } from '../../api/api-error';

/** One file on its way into a post: uploading, being checked, ready, or failed with what to do. */
export interface Attachment {
  key: string;
  fileName: string;
  kind: MediaKind;
  /** The file itself, shown before (and while) it uploads; revoked when removed. */
  localUrl: string;
  state: 'uploading' | 'checking' | 'ready' | 'failed';
  /** 0–1, bytes the browser has sent. */
  progress: number;
  media?: Media;
  error?: string;
  /** Failed because the connection dropped (not a refusal): "Try again" sends the same file again. */
  retryable?: boolean;
  altText: string;
  /** Kept on this device from an earlier visit: the media id being looked up again (GET /v1/media/{id}). */
  restoring?: string;
}

let nextKey = 0;

/** A post's files as the composer holds them: uploaded, checked, and already the post's own. */
function attachmentsOf(post: Post | undefined): Attachment[] {
  if (!post) return [];
  const counts: Partial<Record<MediaKind, number>> = {};
  return post.media.map((file) => {
    const n = (counts[file.kind] = (counts[file.kind] ?? 0) + 1);
    const fileName = `${file.kind === 'image' ? 'Image' : file.kind === 'video' ? 'Video' : 'Document'} ${n}`;
    const media: Media = {
      id: file.id,
      kind: file.kind,
      status: 'ready',
      contentType: '',
      size: 0,
      fileName,
      width: null,
      height: null,
      pages: null,
      durationSeconds: null,
      previewUrl: file.previewUrl,
      postId: post.id,
      createdAt: post.createdAt,
    };
    return { key: `a${nextKey++}`, fileName, kind: file.kind, localUrl: file.previewUrl, state: 'ready', progress: 1, media, altText: file.altText };
  });
}

/** Files kept on this device with unsaved work: those with an uploaded id come back (checked again), the others are named as lost. */
function restoredAttachments(kept: UnsavedAttachment[] | undefined): { items: Attachment[]; lost: string[] } {
  const items: Attachment[] = [];
  const lost: string[] = [];
  for (const file of kept ?? []) {
    if (file.mediaId) items.push({ key: `a${nextKey++}`, fileName: file.fileName, kind: file.kind, localUrl: '', state: 'checking', progress: 1, altText: file.altText, restoring: file.mediaId });
    else lost.push(file.fileName);
  }
  return { items, lost };
}

/**
 * The composer's attachments and poll. Each file is judged against LinkedIn's
 * limits first (the sentence says what to do), then announced, PUT straight to
 * storage with real progress, and checked by the API; several upload at once.
 * Images keep the order the user gives them (drag, or keys). A post opened
 * for editing starts with its own files, poll and document title.
 */
export function useAttachments(api: MarkApi, post?: Post, kept?: UnsavedExtras) {
  const [restored] = useState(() => (post ? { items: [], lost: [] } : restoredAttachments(kept?.attachments)));
  const [items, setItems] = useState<Attachment[]>(() => (post ? attachmentsOf(post) : restored.items));
  const [problem, setProblem] = useState<string>();
  const [poll, setPoll] = useState<PollView | null>(post?.poll ?? kept?.poll ?? null);
  const [documentTitle, setDocumentTitle] = useState(post?.documentTitle ?? kept?.documentTitle ?? '');
  /** Files kept from an earlier visit that could not come back (never uploaded, or gone meanwhile): to attach again. */
  const [lost, setLost] = useState<string[]>(restored.lost);
  const uploads = useRef(new Map<string, AbortController>());
  /** Each file added on this visit, by key, so a dropped upload can be sent again without picking it again. */
  const sources = useRef(new Map<string, { file: File; contentType: string }>());
  const current = useRef(items);
  current.current = items;

  // Files kept from an earlier visit: back as they were if their upload is still there and ready; otherwise named as lost.
  useEffect(() => {
    let live = true;
    for (const item of restored.items) {
      const id = item.restoring!;
      api.getMedia(id).then(
        (media) => {
          if (!live) return;
          if (media.status === 'ready') update(item.key, { state: 'ready', media, localUrl: media.previewUrl ?? '', restoring: undefined });
          else forget(item);
        },
        () => live && forget(item),
      );
    }
    return () => {
      live = false;
    };
    // Once, for what was found on this device when the composer opened.
  }, []);

  function forget(item: Attachment) {
    setItems((list) => list.filter((i) => i.key !== item.key));
    setLost((names) => [...names, item.fileName]);
  }

  useEffect(
    () => () => {
      for (const controller of uploads.current.values()) controller.abort();
      for (const item of current.current) URL.revokeObjectURL(item.localUrl);
    },
    [],
  );

  const update = (key: string, changes: Partial<Attachment>) => setItems((list) => list.map((item) => (item.key === key ? { ...item, ...changes } : item)));

  async function start(item: Attachment, file: File, contentType: string) {
    const controller = new AbortController();
    uploads.current.set(item.key, controller);
    try {
      const created = await api.createMedia({ kind: item.kind, contentType, size: file.size, fileName: file.name });
      update(item.key, { media: created });
      await uploadFile(created.upload, file, (sent, total) => update(item.key, { progress: total > 0 ? sent / total : 0 }), controller.signal);
      update(item.key, { state: 'checking', progress: 1 });
      update(item.key, { state: 'ready', media: await api.completeMedia(created.id) });
    } catch (error) {
      if (controller.signal.aborted) return;
      update(item.key, { state: 'failed', error: error instanceof Error ? error.message : String(error), retryable: cutByConnection(error) });
    } finally {
      uploads.current.delete(item.key);
    }
  }

  function add(files: readonly File[]) {
    setProblem(undefined);
    const accepted: { item: Attachment; file: File; contentType: string }[] = [];
    const refusals: string[] = [];
    for (const file of files) {
      const verdict = judgeFile(file);
      if (!verdict.ok) {
        refusals.push(verdict.problem);
        continue;
      }
      const kinds = [...current.current, ...accepted.map((a) => a.item)].map((i) => i.kind);
      const clash = combinationProblem([...kinds, verdict.kind], poll !== null);
      if (clash) {
        refusals.push(`${file.name}: ${clash}`);
        continue;
      }
      const item: Attachment = { key: `a${nextKey++}`, fileName: file.name, kind: verdict.kind, localUrl: URL.createObjectURL(file), state: 'uploading', progress: 0, altText: '' };
      accepted.push({ item, file, contentType: verdict.contentType });
      sources.current.set(item.key, { file, contentType: verdict.contentType });
    }
    if (refusals.length > 0) setProblem(refusals.join(' '));
    if (accepted.length === 0) return;
    setItems((list) => [...list, ...accepted.map((a) => a.item)]);
    for (const { item, file, contentType } of accepted) void start(item, file, contentType);
  }

  function remove(key: string) {
    const item = current.current.find((i) => i.key === key);
    uploads.current.get(key)?.abort();
    sources.current.delete(key);
    if (item) URL.revokeObjectURL(item.localUrl);
    setItems((list) => list.filter((i) => i.key !== key));
    if (item) discard(item);
  }

  /** Not on a post yet: delete the upload now rather than let it wait a day for the bucket's lifecycle. */
  function discard(item: Attachment) {
    if (item.media && !item.media.postId) void api.deleteMedia(item.media.id).catch(() => undefined);
  }

  /** Sends a file whose upload the connection cut again, from the start (the half-made upload is deleted). */
  function retry(key: string) {
    const item = current.current.find((i) => i.key === key);
    const kept = sources.current.get(key);
    if (!item || !kept || item.state !== 'failed' || !item.retryable) return;
    discard(item);
    update(key, { state: 'uploading', progress: 0, media: undefined, error: undefined, retryable: undefined });
    void start(item, kept.file, kept.contentType);
  }

  /** After the post is saved: the files now belong to it. */
  function clear() {
    for (const item of current.current) URL.revokeObjectURL(item.localUrl);
    sources.current.clear();
    setItems([]);
    setPoll(null);
    setDocumentTitle('');
    setProblem(undefined);
    setLost([]);
  }

  const kinds = items.map((i) => i.kind);
  const busy = items.some((i) => i.state === 'uploading' || i.state === 'checking');
  const failed = items.some((i) => i.state === 'failed');
  const retryable = items.some((i) => i.state === 'failed' && i.retryable);
  return {
    items,
    problem,
    poll,
    documentTitle,
    /** Files kept from an earlier visit that did not come back: their names, to attach again. */
    lost,
    /** Files kept from an earlier visit, still being looked up. */
    restoring: items.some((i) => i.restoring !== undefined),
    /** Something to post besides text: ready files or a poll. */
    hasContent: items.length > 0 || poll !== null,
    /** Saving waits for every upload and check. */
    busy,
    failed,
    /** A failed file can be sent again (the connection cut it), rather than only removed. */
    retryable,
    add,
    remove,
    retry,
    clear,
    move: (key: string, to: number) => setItems((list) => moveItem(list, list.findIndex((i) => i.key === key), to)),
    setAltText: (key: string, altText: string) => update(key, { altText }),
    setPoll(next: PollView | null) {
      setProblem(next && kinds.length > 0 ? combinationProblem(kinds, true) : undefined);
      if (!(next && kinds.length > 0)) setPoll(next);
    },
    setDocumentTitle,
    /** What to keep on this device with the unsaved text: the files (uploaded ones by id, in order), the poll, the document's title. */
    kept(): UnsavedExtras {
      return {
        attachments: items.map((i) => ({
          ...(i.restoring ? { mediaId: i.restoring } : i.media && (i.state === 'ready' || i.state === 'checking') ? { mediaId: i.media.id } : {}),
          fileName: i.fileName,
          kind: i.kind,
          altText: i.altText,
        })),
        poll,
        documentTitle,
      };
    },
    /** What the post carries, for the API. */
    extras() {
      const document = kinds[0] === 'document';
      return {
        media: items.filter((i) => i.media).map((i) => ({ id: i.media!.id, altText: i.altText.trim() })),
        poll,
        documentTitle: document && documentTitle.trim() !== '' ? documentTitle.trim() : null,
      };
    },
  };
}

export type Attachments = ReturnType<typeof useAttachments>;

/** The network failed (the API could not be reached, or the upload to storage broke off), as opposed to a refusal. */
function cutByConnection(error: unknown): boolean {
  return (error instanceof UploadError && error.retryable) || (error instanceof ApiError && error.code === 'NETWORK_ERROR');
}

