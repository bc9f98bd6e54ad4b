import * as z from 'zod/mini';
import { completeMedia, createMedia, deleteMedia, getMedia, type CompleteMediaDeps } from '../core/media/media-use-cases';
import { openMediaDownload, type MediaDownloadDeps } from '../core/media/media-download';
import { createMediaSchema } from '../core/media/media-input';
import { mediaObjectKey, toMediaView, type MediaItem } from '../core/media/media';
import { MEDIA_PREVIEW_URL_SECONDS } from '../contract/api/media';
import { httpApi, lazyHandler, type ProxyHandler } from './http/http-api';
import type { MeteringDeps } from './http/request-metering';

export type MediaApiDeps = CompleteMediaDeps & MeteringDeps & Pick<MediaDownloadDeps, 'tokens'>;

const downloadQuerySchema = z.strictObject({
  token: z.string({ error: 'is required: use the link from your export as it is' }).check(z.maxLength(512, 'is too long to be a Mark.0 link')),
});

/** The media function: uploads (a signed PUT straight to the bucket), their checks, previews, deletion, and an export's download links. */
export function createMediaApi(deps: MediaApiDeps): ProxyHandler {
  const view = async (item: MediaItem) =>
    toMediaView(item, item.status === 'ready' ? await deps.storage.presignDownload(mediaObjectKey(item.userId, item.id), MEDIA_PREVIEW_URL_SECONDS) : null);
  return httpApi(
    {
      'POST /v1/media': async (req) => {
        const { item, upload } = await createMedia(deps, req.userId(), req.body(createMediaSchema));
        return { status: 201, body: { ...(await view(item)), upload }, headers: { Location: `/v1/media/${item.id}` } };
      },
      'GET /v1/media/{id}': async (req) => ({ status: 200, body: await view(await getMedia(deps, req.userId(), req.pathParameter('id'))) }),
      'POST /v1/media/{id}/complete': async (req) => ({ status: 200, body: await view(await completeMedia(deps, req.userId(), req.pathParameter('id'))) }),
      'DELETE /v1/media/{id}': async (req) => {
        await deleteMedia(deps, req.userId(), req.pathParameter('id'));
        return { status: 204 };
      },
      // No sign-in: the signed token names the user, the file and the expiry (README "Your data").
      'GET /v1/media/{id}/download': async (req) => {
        const url = await openMediaDownload(deps, req.pathParameter('id'), req.query(downloadQuerySchema).token);
        return { status: 302, headers: { Location: url, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' } };
      },
    },
    deps,
  );
}

export const handler = lazyHandler(async () => {
  const { mediaDeps } = await import('../wiring/aws/media-deps');
  return createMediaApi(await mediaDeps());
});
