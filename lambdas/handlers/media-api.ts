import { completeMedia, createMedia, deleteMedia, getMedia, type CompleteMediaDeps } from '../core/media/media-use-cases';
import { createMediaSchema } from '../core/media/media-input';
import { mediaObjectKey, toMediaView, type MediaItem } from '../core/media/media';
import { MEDIA_PREVIEW_URL_SECONDS } from '../contract/api/media';
import { httpApi, lazyHandler, type ProxyHandler } from './http/http-api';
import type { MeteringDeps } from './http/request-metering';

export type MediaApiDeps = CompleteMediaDeps & MeteringDeps;

/** The media function: uploads (a signed PUT straight to the bucket), their checks, previews and deletion. */
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
    },
    deps,
  );
}

export const handler = lazyHandler(async () => {
  const { mediaDeps } = await import('../wiring/aws/media-deps');
  return createMediaApi(await mediaDeps());
});
