import { BUSINESS_EVENTS } from '../contract/metric-names';
import { createPost, deletePost, getPost, listPosts, updatePost } from '../core/posts/post-use-cases';
import { createPostSchema, listPostsSchema, updatePostSchema } from '../core/posts/post-input';
import { scheduleSchema } from '../core/posts/schedule-input';
import { publishNow, schedulePost, unschedulePost, type SchedulingDeps } from '../core/posts/schedule-use-cases';
import { TIERS } from '../contract/tiers';
import type { ScheduledPostView } from '../contract/api/posts';
import type { AuditLog } from '../core/ports/audit-log';
import { httpApi, lazyHandler, type ProxyHandler } from './http/http-api';
import type { MeteringDeps } from './http/request-metering';
import { logger } from './powertools';
import { postViews, type PostViewDeps } from './post-views';
import { postsDeps } from '../wiring/aws/posts-deps';

export interface PostsApiDeps extends SchedulingDeps, MeteringDeps, PostViewDeps {
  audit: AuditLog;
}

/** The posts function: write, list, schedule and publish a user's posts (the queue's routes are the queue function's: queue-api.ts). */
export function createPostsApi(deps: PostsApiDeps): ProxyHandler {
  const { view, views } = postViews(deps);
  return httpApi(
    {
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
        if (newlyScheduled) logger.info(BUSINESS_EVENTS.postScheduled, { postId: post.id });
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
