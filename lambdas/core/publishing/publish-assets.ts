import { StaleWriteError } from '../errors';
import { mediaObjectKey, type LinkedInAsset, type MediaItem } from '../media/media';
import { defaultDocumentTitle } from '../../contract/api/media';
import type { Post } from '../posts/post';
import type { Clock } from '../ports/clock';
import type { AssetFailure, LinkedInAssets } from '../ports/linkedin-assets';
import type { PostContent } from '../ports/linkedin-client';
import type { MediaStorage } from '../ports/media-storage';
import type { MediaStore } from '../ports/media-store';
import type { PostError } from '../../contract/api/posts';

/** What publishing a post with media needs besides a text post's ports. */
export interface AssetDeps {
  media: MediaStore;
  storage: MediaStorage;
  assets: LinkedInAssets;
  clock: Clock;
}

export type AssetsOutcome =
  /** Every asset is on LinkedIn and usable: post with this `content` (undefined: a text post). */
  | { kind: 'ready'; content: PostContent | undefined }
  /**
   * Not done yet: LinkedIn is still processing (a video, a document), or the upload
   * continues in the next invocation (a big video, at a part boundary). Come back
   * in `recheckSeconds`; `uploading` waits do not count toward the 30-minute bound.
   */
  | { kind: 'processing'; detail: string; recheckSeconds: number; uploading: boolean }
  /** Nothing a retry can fix without the user. */
  | { kind: 'failed'; error: PostError }
  /** LinkedIn refused or failed a call: the same handling as a failed createPost. */
  | { kind: 'linkedin'; failure: AssetFailure };

/**
 * How long LinkedIn may take to process a post's video before the post fails,
 * and how often the publisher looks. An upload stops at a part boundary when
 * the invocation has less than `uploadMarginMs` left and goes on in the next
 * one a second later, so a 500 MB video never needs a longer function.
 */
export const ASSET_PROCESSING = { timeoutMinutes: 30, recheckSeconds: 30, leaseSeconds: 25, uploadMarginMs: 20_000, continueUploadSeconds: 1 } as const;

export const MEDIA_FAILURES = {
  missing(): PostError {
    return { code: 'MEDIA_MISSING', message: 'A file attached to this post is gone (deleted, or expired before the post was saved). Edit the post, attach the file again, then press Retry.' };
  },
  processingFailed(fileName: string): PostError {
    return { code: 'MEDIA_REJECTED', message: `LinkedIn could not process ${fileName}. Try another export of the file (for a video: MP4 with H.264), attach it again, then press Retry.` };
  },
  processingTimeout(): PostError {
    return {
      code: 'MEDIA_PROCESSING_TIMEOUT',
      message: `LinkedIn was still processing this post's video after ${ASSET_PROCESSING.timeoutMinutes} minutes, so it was not published. Press Retry to try again later, or attach a shorter video.`,
    };
  },
} as const;

export const PROCESSING_DETAIL = { video: 'LinkedIn is processing your video', document: 'LinkedIn is processing your document', image: 'LinkedIn is processing your images' } as const;

/**
 * Puts a post's media on LinkedIn, exactly once per file, and says what the
 * post's `content` is. Each step is stored on the media item the moment
 * LinkedIn answers it — the asset URN and upload URLs before a byte is sent,
 * each video part's ETag once LinkedIn took it, the finalize — so a retry after
 * a crash, a 5xx, a timeout or a lost lease resumes with the same asset and
 * never uploads a part LinkedIn already has. Bytes stream from storage to
 * LinkedIn one part at a time.
 */
export async function prepareAssets(deps: AssetDeps, post: Post, auth: { accessToken: string; owner: string }, remainingMs?: () => number): Promise<AssetsOutcome> {
  if (post.poll) {
    const { question, options, duration } = post.poll;
    return { kind: 'ready', content: { poll: { question, options: options.map((text) => ({ text })), settings: { duration } } } };
  }
  const attached = post.media ?? [];
  if (attached.length === 0) return { kind: 'ready', content: undefined };
  const items = await deps.media.getMany(post.userId, attached.map((m) => m.id));
  const byId = new Map(items.map((item) => [item.id, item]));
  const ordered = attached.map((m) => byId.get(m.id));
  if (ordered.some((item) => !item || item.status !== 'ready' || item.postId !== post.id)) return { kind: 'failed', error: MEDIA_FAILURES.missing() };

  const urns: string[] = [];
  for (const item of ordered as MediaItem[]) {
    const outcome = await putOnLinkedIn(deps, item, auth, remainingMs);
    if (outcome.kind !== 'available') return outcome;
    urns.push(outcome.urn);
  }
  const first = ordered[0]!;
  if (first.kind === 'image' && urns.length > 1) {
    return { kind: 'ready', content: { multiImage: { images: urns.map((id, i) => ({ id, altText: attached[i]!.altText })) } } };
  }
  if (first.kind === 'image') return { kind: 'ready', content: { media: { id: urns[0]!, altText: attached[0]!.altText } } };
  if (first.kind === 'document') return { kind: 'ready', content: { media: { id: urns[0]!, title: post.documentTitle ?? defaultDocumentTitle(first.fileName) } } };
  return { kind: 'ready', content: { media: { id: urns[0]! } } };
}

type AssetStep = { kind: 'available'; urn: string } | Exclude<AssetsOutcome, { kind: 'ready' }>;

async function putOnLinkedIn(deps: AssetDeps, item: MediaItem, auth: { accessToken: string; owner: string }, remainingMs?: () => number): Promise<AssetStep> {
  let asset = item.asset && item.asset.owner === auth.owner ? item.asset : null;
  const resumed = asset !== null;
  const save = async (next: LinkedInAsset, expectedUrn: string | undefined): Promise<boolean> => {
    try {
      await deps.media.saveAsset(item.userId, item.id, next, expectedUrn);
      return true;
    } catch (error) {
      if (error instanceof StaleWriteError) return false;
      throw error;
    }
  };
  const otherWorker: AssetStep = { kind: 'linkedin', failure: { outcome: 'unavailable', message: 'Another publisher is putting this file on LinkedIn; trying again shortly.' } };

  if (!asset) {
    const init = await deps.assets.initializeUpload({ accessToken: auth.accessToken, kind: item.kind, owner: auth.owner, fileSizeBytes: item.size });
    if (init.outcome !== 'ok') return { kind: 'linkedin', failure: init };
    const created: LinkedInAsset = { urn: init.asset.urn, owner: auth.owner, state: 'initialized', uploads: init.asset.uploads, etags: init.asset.uploads.map(() => ''), uploadToken: init.asset.uploadToken };
    // Stored before a byte is sent: a retry finds this URN and resumes it instead of making a second asset.
    if (!(await save(created, item.asset?.urn))) return otherWorker;
    asset = created;
  }

  if (asset.state === 'initialized' && resumed && item.kind !== 'video') {
    // An earlier attempt may have sent the bytes and died before saying so: LinkedIn knows.
    const status = await deps.assets.status({ accessToken: auth.accessToken, kind: item.kind, urn: asset.urn });
    if (status.outcome !== 'ok') return { kind: 'linkedin', failure: status };
    if (status.status !== 'WAITING_UPLOAD') {
      const uploaded: LinkedInAsset = { ...asset, state: 'uploaded' };
      if (!(await save(uploaded, asset.urn))) return otherWorker;
      asset = uploaded;
    }
  }

  if (asset.state === 'initialized') {
    const key = mediaObjectKey(item.userId, item.id);
    const etags = [...asset.etags];
    for (let part = 0; part < asset.uploads.length; part++) {
      if (item.kind === 'video' && etags[part]) continue; // LinkedIn has this part already
      if (remainingMs && remainingMs() < ASSET_PROCESSING.uploadMarginMs) {
        const sent = etags.filter(Boolean).length;
        return { kind: 'processing', detail: `Uploading your ${item.kind} to LinkedIn (${Math.floor((100 * sent) / asset.uploads.length)}%)`, recheckSeconds: ASSET_PROCESSING.continueUploadSeconds, uploading: true };
      }
      const { url, firstByte, lastByte } = asset.uploads[part]!;
      const body = await deps.storage.stream(key, firstByte, lastByte).catch((error: unknown) => {
        if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      });
      // The item is there but its bytes are not (removed by hand, or by the bucket's lifecycle): nothing to retry.
      if (!body) return { kind: 'failed', error: MEDIA_FAILURES.missing() };
      const sent = await deps.assets.upload({ accessToken: auth.accessToken, url, body, length: lastByte - firstByte + 1, contentType: item.contentType });
      if (sent.outcome !== 'ok') return { kind: 'linkedin', failure: sent };
      etags[part] = sent.etag || 'sent';
      if (item.kind === 'video' && part < asset.uploads.length - 1) {
        if (!(await save({ ...asset, etags }, asset.urn))) return otherWorker;
      }
    }
    const uploaded: LinkedInAsset = { ...asset, etags, state: 'uploaded' };
    if (!(await save(uploaded, asset.urn))) return otherWorker;
    asset = uploaded;
  }

  if (item.kind === 'video' && asset.state === 'uploaded') {
    const finalized = await deps.assets.finalizeVideo({ accessToken: auth.accessToken, urn: asset.urn, uploadToken: asset.uploadToken, etags: asset.etags });
    if (finalized.outcome !== 'ok') return { kind: 'linkedin', failure: finalized };
    const done: LinkedInAsset = { ...asset, state: 'finalized' };
    if (!(await save(done, asset.urn))) return otherWorker;
    asset = done;
  }

  const status = await deps.assets.status({ accessToken: auth.accessToken, kind: item.kind, urn: asset.urn });
  if (status.outcome !== 'ok') return { kind: 'linkedin', failure: status };
  switch (status.status) {
    case 'AVAILABLE':
      return { kind: 'available', urn: asset.urn };
    case 'PROCESSING':
      return { kind: 'processing', detail: PROCESSING_DETAIL[item.kind], recheckSeconds: ASSET_PROCESSING.recheckSeconds, uploading: false };
    case 'PROCESSING_FAILED':
      // A new asset next time (the user may attach another export): this one is spent.
      await save({ ...asset, owner: '' }, asset.urn);
      return { kind: 'failed', error: MEDIA_FAILURES.processingFailed(item.fileName) };
    case 'WAITING_UPLOAD': {
      // LinkedIn lost or never got the bytes: send them again to the same asset next time.
      await save({ ...asset, state: 'initialized', etags: asset.uploads.map(() => '') }, asset.urn);
      return { kind: 'linkedin', failure: { outcome: 'unavailable', message: 'LinkedIn has not received the file yet.' } };
    }
  }
}

/**
 * The post waits for LinkedIn's processing without holding a function: it stays
 * `publishing` with what is happening in `statusDetail`, a short lease, and its
 * message comes back in ~30 s; the claim that finds it does not count as an
 * attempt. After 30 minutes of processing it fails with a reason.
 */
export function processingPause(post: Post, wait: { detail: string; recheckSeconds: number; uploading: boolean }, now: Date): { parked: Partial<Post>; timedOut: boolean } {
  const since = wait.uploading ? (post.processingSince ?? null) : (post.processingSince ?? now.toISOString());
  const timedOut = since !== null && now.getTime() - Date.parse(since) > ASSET_PROCESSING.timeoutMinutes * 60_000;
  return {
    timedOut,
    parked: {
      statusDetail: wait.detail,
      processingSince: since,
      // Expires before the message comes back, so that delivery may claim the post.
      leaseUntil: new Date(now.getTime() + Math.min(ASSET_PROCESSING.leaseSeconds, wait.recheckSeconds / 2) * 1000).toISOString(),
      attempts: Math.max(0, (post.attempts ?? 1) - 1),
    },
  };
}

/** A post no longer waiting for LinkedIn's processing (only a post that waited carries the fields). */
export function processingOver(post: Post): Partial<Post> {
  return post.statusDetail || post.processingSince ? { statusDetail: null, processingSince: null } : {};
}
