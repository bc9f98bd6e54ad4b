import { MEDIA_PREVIEW_URL_SECONDS } from '../contract/api/media';
import { mediaObjectKey } from '../core/media/media';
import { toPostView, LINKEDIN_POST_URL_BASE, type Post } from '../core/posts/post';
import type { MediaStorage } from '../core/ports/media-storage';

export interface PostViewDeps {
  /** Base of `linkedinUrl` (the sandbox's own pages locally). */
  postUrlBase?: string;
}

/** Signs each attachment's preview; absent, previews have no URL. */
export type PreviewSigner = Pick<MediaStorage, 'presignDownload'>;

/**
 * Posts as the API shows them (the posts and queue functions): each
 * attachment's preview is a signed GET (the same URL for an hour, so browsers
 * cache thumbnails).
 */
export function postViews(deps: PostViewDeps & { storage?: PreviewSigner | undefined }): { views: (posts: Post[]) => Promise<ReturnType<typeof toPostView>[]>; view: (post: Post) => Promise<ReturnType<typeof toPostView>> } {
  const views = async (posts: Post[]) => {
    const urls = new Map<string, string>();
    const storage = deps.storage;
    if (storage) {
      await Promise.all(
        posts.flatMap((post) =>
          (post.media ?? []).map(async (m) => urls.set(m.id, await storage.presignDownload(mediaObjectKey(post.userId, m.id), MEDIA_PREVIEW_URL_SECONDS))),
        ),
      );
    }
    return posts.map((post) => toPostView(post, deps.postUrlBase ?? LINKEDIN_POST_URL_BASE, (id) => urls.get(id) ?? ''));
  };
  return { views, view: async (post: Post) => (await views([post]))[0]! };
}
