import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS } from '../contract/metric-names';
import { createPost, deletePost, getPost, listPosts, updatePost } from '../core/posts/post-use-cases';
import { createPostSchema, listPostsSchema, updatePostSchema } from '../core/posts/post-input';
import { toPostView, LINKEDIN_POST_URL_BASE, type Post } from '../core/posts/post';
import { mediaObjectKey } from '../core/media/media';
import { MEDIA_PREVIEW_URL_SECONDS } from '../contract/api/media';
import { scheduleSchema } from '../core/posts/schedule-input';
import { publishNow, schedulePost, unschedulePost } from '../core/posts/schedule-use-cases';
import type { QueueDeps } from '../core/queue/queue-use-cases';
import { queueRoutes } from './queue-routes';
import { TIERS } from '../contract/tiers';
import type { ScheduledPostView } from '../contract/api/posts';
import type { AuditLog } from '../core/ports/audit-log';
import { httpApi, lazyHandler, type ProxyHandler } from './http/http-api';
import type { MeteringDeps } from './http/request-metering';
import { logger, metrics } from './powertools';
import { postsDeps } from '../wiring/aws/posts-deps';

export interface PostsApiDeps extends QueueDeps, MeteringDeps {
  audit: AuditLog;
  /** Base of `linkedinUrl` (the sandbox's own pages locally). */
  postUrlBase?: string;
}

/** The posts function: write, list, schedule, queue and publish a user's posts. */
export function createPostsApi(deps: PostsApiDeps): ProxyHandler {
  // Each attachment's preview is a signed GET (the same URL for an hour, so browsers cache thumbnails).
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
  const view = async (post: Post) => (await views([post]))[0]!;
  return httpApi(
    {
      ...queueRoutes(deps, view, views),
      'POST /v1/posts': async (req) => {
        const post = await createPost(deps, req.userId(), req.body(createPostSchema));
        return { status: 201, body: await view(post), headers: { Location: `/v1/posts/${post.id}` } };
      },
      'GET /v1/posts': async (req) => {
        const page = await listPosts(deps, req.userId(), req.query(listPostsSchema));
        return { status: 200, body: { items: await views(page.items), nextCursor: page.nextCursor } };
      },
      'GET /v1/posts/{id}': async (req) => {
        return { status: 200, body: await view(await getPost(deps, req.userId(), req.pathParameter('id'))) };
      },
      'PATCH /v1/posts/{id}': async (req) => {
        const post = await updatePost(deps, req.userId(), req.pathParameter('id'), req.body(updatePostSchema));
        return { status: 200, body: await view(post) };
      },
      'DELETE /v1/posts/{id}': async (req) => {
        await deletePost(deps, req.userId(), req.pathParameter('id'));
        return { status: 204 };
      },
      'POST /v1/posts/{id}/schedule': async (req) => {
        const input = req.body(scheduleSchema);
        const { post, newlyScheduled, warnings } = await schedulePost(deps, req.userId(), req.pathParameter('id'), input, TIERS[req.tier()].maxScheduledPosts);
        if (newlyScheduled) metrics.addMetric(METRICS.postsScheduled, MetricUnit.Count, 1);
        return { status: 200, body: { ...(await view(post)), warnings } satisfies ScheduledPostView };
      },
      'POST /v1/posts/{id}/unschedule': async (req) => {
        return { status: 200, body: await view(await unschedulePost(deps, req.userId(), req.pathParameter('id'))) };
      },
      'POST /v1/posts/{id}/publish': async (req) => {
        return { status: 202, body: await view(await publishNow(deps, req.userId(), req.pathParameter('id'))) };
      },
    },
    deps,
  );
}

export const handler = lazyHandler(async () => {
  return createPostsApi(await postsDeps((message, details) => logger.warn(message, details)));
});
