import { clipCharacters } from '../characters';

/**
 * Media as the API shows it, and LinkedIn's rules for what a post may carry.
 * The web app checks a file against these before it uploads a byte; the
 * server enforces the same numbers (lambdas/core/media) and checks the bytes.
 *
 * A media item is uploaded once (POST /v1/media, then a PUT of the bytes to a
 * short-lived signed URL, then POST /v1/media/{id}/complete) and attached to one
 * post. Nothing goes to LinkedIn before that post publishes.
 */
export const MEDIA_KINDS = ['image', 'document', 'video'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/** pending: created, bytes not checked yet; ready: checked, may be attached. */
export const MEDIA_STATUSES = ['pending', 'ready'] as const;
export type MediaStatus = (typeof MEDIA_STATUSES)[number];

const MB = 1024 * 1024;

export interface MediaKindRules {
  /** Content types LinkedIn takes for this kind, with the file extensions people know them by. */
  contentTypes: Readonly<Record<string, readonly string[]>>;
  maxBytes: number;
  /** What a person calls these, in a sentence ("LinkedIn takes videos up to 500 MB"). */
  plural: string;
}

/**
 * LinkedIn's limits (Images, Documents and Videos APIs, w_member_social):
 * images JPEG/PNG/GIF up to 36,152,320 pixels (GIFs up to 250 frames);
 * documents PDF, PPT(X), DOC(X) up to 100 MB and 300 pages; videos MP4 from
 * 75 KB to 500 MB, 3 seconds to 30 minutes. LinkedIn states no byte limit for
 * images; 36 MB is ours, far above what a phone makes (a 48-megapixel JPEG is ~12 MB).
 */
export const MEDIA_RULES: Readonly<Record<MediaKind, MediaKindRules>> = {
  image: {
    contentTypes: { 'image/jpeg': ['jpg', 'jpeg'], 'image/png': ['png'], 'image/gif': ['gif'] },
    maxBytes: 36 * MB,
    plural: 'images',
  },
  document: {
    contentTypes: {
      'application/pdf': ['pdf'],
      'application/vnd.ms-powerpoint': ['ppt'],
      'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
      'application/msword': ['doc'],
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
    },
    maxBytes: 100 * MB,
    plural: 'documents',
  },
  video: {
    contentTypes: { 'video/mp4': ['mp4'] },
    maxBytes: 500 * MB,
    plural: 'videos',
  },
};

export const MEDIA_LIMITS = {
  maxImagePixels: 36_152_320,
  maxGifFrames: 250,
  maxDocumentPages: 300,
  minVideoBytes: 75 * 1024,
  minVideoSeconds: 3,
  maxVideoSeconds: 30 * 60,
  /** Images in one post (multiImage takes 2–20). */
  maxImagesPerPost: 20,
  /** LinkedIn's limit for an image's alternative text. */
  maxAltTextCharacters: 4086,
  /** A document post's title (LinkedIn requires one; the file name is used when none is given). */
  maxDocumentTitleCharacters: 400,
  maxFileNameCharacters: 255,
} as const;

/** A document's file extension (`.pdf`, `.pptx`, …, any case) at the end of its name. */
const DOCUMENT_EXTENSION = new RegExp(`\\.(?:${Object.values(MEDIA_RULES.document.contentTypes).flat().join('|')})$`, 'iu');

/**
 * The title LinkedIn shows over a document the user gave none: its file name without the
 * extension ("Q3 results.pdf" reads "Q3 results"), as LinkedIn's own uploader suggests it, within
 * the limit. The publisher sends it and the preview shows it, so both read the same.
 */
export function defaultDocumentTitle(fileName: string): string {
  const name = fileName.replace(DOCUMENT_EXTENSION, '').trim();
  return clipCharacters(name === '' ? fileName : name, MEDIA_LIMITS.maxDocumentTitleCharacters);
}

/** The poll LinkedIn runs under a post. */
export const POLL_DURATIONS = ['ONE_DAY', 'THREE_DAYS', 'SEVEN_DAYS', 'FOURTEEN_DAYS'] as const;
export type PollDuration = (typeof POLL_DURATIONS)[number];
export const POLL_LIMITS = { maxQuestionCharacters: 140, minOptions: 2, maxOptions: 4, maxOptionCharacters: 30 } as const;

/** How long the signed upload URL of POST /v1/media works (the upload must start before). */
export const MEDIA_UPLOAD_URL_SECONDS = 15 * 60;
/** How long a previewUrl works; the app asks for a fresh one (GET /v1/media/{id}) when it is older. */
export const MEDIA_PREVIEW_URL_SECONDS = 60 * 60;
/** How long a file's download link in an export works (GET /v1/media/{id}/download?token=…, no sign-in). */
export const MEDIA_DOWNLOAD_LINK_SECONDS = 24 * 60 * 60;
/** How long the signed GET a download link redirects to works: the download starts at once. */
export const MEDIA_DOWNLOAD_REDIRECT_SECONDS = 5 * 60;

/**
 * CORS of the media bucket, for the web app's origin only (CDK and the local S3
 * twin apply the same rule): the browser PUTs uploads and GETs previews
 * directly, with the headers the signed upload names.
 */
export const MEDIA_BUCKET_CORS = {
  methods: ['PUT', 'GET', 'HEAD'],
  headers: ['content-type', 'x-amz-tagging'],
  exposeHeaders: ['ETag'],
  maxAgeSeconds: 3000,
} as const;

/**
 * The tag on every stored upload, read by the bucket's lifecycle (CDK) and set
 * by the storage adapter: `no` from the signed PUT on, `yes` once a post keeps
 * it. Objects still `no` a day after upload are removed.
 */
export const MEDIA_ATTACHED_TAG = { key: 'mark0-attached', yes: 'yes', no: 'no' } as const;

/** The upload the client makes: PUT `url` with exactly these headers and the file as the body. */
export interface MediaUpload {
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresAt: string;
}

/** The JSON shape of a media item (fields that do not apply are null). */
export interface MediaView {
  id: string;
  kind: MediaKind;
  status: MediaStatus;
  contentType: string;
  size: number;
  fileName: string;
  width: number | null;
  height: number | null;
  /** Documents: the PDF's page count (null for PPT(X)/DOC(X), whose pages only LinkedIn counts). */
  pages: number | null;
  durationSeconds: number | null;
  /** A short-lived signed GET of the bytes, usable without the bearer token (ready media only). */
  previewUrl: string | null;
  /** The post it is attached to, if any. */
  postId: string | null;
  createdAt: string;
}

export interface CreatedMediaView extends MediaView {
  upload: MediaUpload;
}

/** One attachment of a post, in the order LinkedIn shows them. */
export interface PostMediaView {
  id: string;
  kind: MediaKind;
  altText: string;
  /** Signed GET of the bytes (thumbnails, previews), short-lived. */
  previewUrl: string;
}

export interface PollView {
  question: string;
  options: string[];
  duration: PollDuration;
}

/**
 * Media ids carry their kind (`img_…`, `doc_…`, `vid_…` + a ULID), so a post's
 * rules (how many, which kinds) are checked without reading the media first,
 * and attaching stays one DynamoDB transaction (README "Media").
 */
export const MEDIA_ID_PREFIX: Readonly<Record<MediaKind, string>> = { image: 'img_', document: 'doc_', video: 'vid_' };
export const MEDIA_ID_PATTERN = /^(img|doc|vid)_[0-9A-HJKMNP-TV-Z]{26}$/;

export function kindOfMediaId(id: string): MediaKind | undefined {
  if (!MEDIA_ID_PATTERN.test(id)) return undefined;
  return MEDIA_KINDS.find((kind) => id.startsWith(MEDIA_ID_PREFIX[kind]));
}

/** The kind a content type belongs to, if LinkedIn takes it at all. */
export function kindOfContentType(contentType: string): MediaKind | undefined {
  return MEDIA_KINDS.find((kind) => Object.hasOwn(MEDIA_RULES[kind].contentTypes, contentType.toLowerCase()));
}

/** "612 MB", "1.5 MB", "800 KB": sizes as people read them. */
export function formatBytes(bytes: number): string {
  if (bytes >= MB) {
    const mb = bytes / MB;
    return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`;
  }
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** The sentence for a file over its kind's limit: "This file is 612 MB; LinkedIn takes videos up to 500 MB." */
export function tooLargeMessage(kind: MediaKind, size: number): string {
  return `This file is ${formatBytes(size)}; LinkedIn takes ${MEDIA_RULES[kind].plural} up to ${formatBytes(MEDIA_RULES[kind].maxBytes)}.`;
}

/** The sentence for a type LinkedIn does not take for this kind. */
export function wrongTypeMessage(kind: MediaKind, contentType: string): string {
  const extensions = Object.values(MEDIA_RULES[kind].contentTypes).flat().map((ext) => ext.toUpperCase());
  return `LinkedIn takes ${MEDIA_RULES[kind].plural} as ${extensions.join(', ')}; this file is ${contentType || 'of an unknown type'}.`;
}

/**
 * What a post may carry, as LinkedIn's rules: 1–20 images, or exactly one
 * document, or exactly one video, kinds never mixed; a poll carries no media.
 * Returns the sentence for the first rule broken, or undefined.
 */
export function attachmentProblem(kinds: readonly MediaKind[], hasPoll: boolean): string | undefined {
  if (kinds.length === 0) return undefined;
  if (hasPoll) return 'A post with a poll cannot carry images, a document or a video (LinkedIn does not allow both); remove one of them.';
  const distinct = new Set(kinds);
  if (distinct.size > 1) return 'LinkedIn does not mix kinds in one post: attach images, or one document, or one video.';
  const kind = kinds[0]!;
  if (kind === 'image' && kinds.length > MEDIA_LIMITS.maxImagesPerPost) {
    return `A post takes at most ${MEDIA_LIMITS.maxImagesPerPost} images (this one has ${kinds.length}); remove ${kinds.length - MEDIA_LIMITS.maxImagesPerPost}.`;
  }
  if (kind !== 'image' && kinds.length > 1) return `A post takes exactly one ${kind} (this one has ${kinds.length}).`;
  return undefined;
}
