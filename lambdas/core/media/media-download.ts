import { MEDIA_DOWNLOAD_LINK_SECONDS, MEDIA_DOWNLOAD_REDIRECT_SECONDS } from '../../contract/api/media';
import { ForbiddenError, NotFoundError } from '../errors';
import type { Clock } from '../ports/clock';
import type { MediaDownloadTokens } from '../ports/media-download-tokens';
import type { MediaStorage } from '../ports/media-storage';
import type { MediaStore } from '../ports/media-store';
import { mediaObjectKey, type MediaItem } from './media';

/**
 * A link to a ready file's bytes that works for a day without a sign-in, for
 * the export (`apiUrl` is the API's base URL, stage included). A presigned S3
 * GET cannot be it: signed by a Lambda's role, it dies with the role's session
 * (hours), whatever its own expiry says. This link is ours: a signed token
 * checked by the media function, which then redirects to a fresh signed GET.
 */
export function mediaDownloadLink(deps: { tokens: MediaDownloadTokens; clock: Clock; apiUrl: string }, item: MediaItem): { url: string; expiresAt: string } | null {
  if (item.status !== 'ready') return null;
  const expiresAt = new Date(deps.clock.now().getTime() + MEDIA_DOWNLOAD_LINK_SECONDS * 1000);
  const token = deps.tokens.issue(item.userId, item.id, expiresAt);
  return { url: `${deps.apiUrl}/v1/media/${encodeURIComponent(item.id)}/download?token=${token}`, expiresAt: expiresAt.toISOString() };
}

export interface MediaDownloadDeps {
  media: Pick<MediaStore, 'get'>;
  storage: Pick<MediaStorage, 'presignDownload'>;
  tokens: MediaDownloadTokens;
  clock: Clock;
}

/** Where a download link leads: a short signed GET of the file, if the link is ours, in time, and the file still exists. */
export async function openMediaDownload(deps: MediaDownloadDeps, mediaId: string, token: string): Promise<string> {
  const subject = deps.tokens.verify(token, mediaId);
  if (!subject) {
    throw new ForbiddenError('This download link is not valid (it may have been cut or changed). Use the link as it is in your export.', 'INVALID_DOWNLOAD_LINK');
  }
  if (subject.expiresAt.getTime() <= deps.clock.now().getTime()) {
    throw new ForbiddenError(
      `This download link expired at ${subject.expiresAt.toISOString()}. Download your data again (Settings → Your data) for links that work for another day.`,
      'DOWNLOAD_LINK_EXPIRED',
    );
  }
  const item = await deps.media.get(subject.userId, mediaId);
  if (item?.status !== 'ready') throw new NotFoundError('This file no longer exists: it was deleted, or the account was.');
  return deps.storage.presignDownload(mediaObjectKey(subject.userId, mediaId), MEDIA_DOWNLOAD_REDIRECT_SECONDS);
}
