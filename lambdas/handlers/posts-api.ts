import { createPost, deletePost, getPost, listPosts, updatePost, type PostDeps } from '../core/posts/post-use-cases';
import { createPostSchema, listPostsSchema, updatePostSchema } from '../core/posts/post-input';
import { toPostView } from '../core/posts/post';
import { httpApi, lazyHandler, type ProxyHandler } from './http/http-api';
import type { MeteringDeps } from './http/request-metering';

/** The posts function: create, list, read, edit and delete a user's posts. */
export function createPostsApi(deps: PostDeps & MeteringDeps): ProxyHandler {
  return httpApi(
    {
      'POST /v1/posts': async (req) => {
        const post = await createPost(deps, req.userId(), req.body(createPostSchema));
        return { status: 201, body: toPostView(post), headers: { Location: `/v1/posts/${post.id}` } };
      },
      'GET /v1/posts': async (req) => {
        const page = await listPosts(deps, req.userId(), req.query(listPostsSchema));
        return { status: 200, body: { items: page.items.map(toPostView), nextCursor: page.nextCursor } };
      },
      'GET /v1/posts/{id}': async (req) => {
        return { status: 200, body: toPostView(await getPost(deps, req.userId(), req.pathParameter('id'))) };
      },
      'PATCH /v1/posts/{id}': async (req) => {
        const post = await updatePost(deps, req.userId(), req.pathParameter('id'), req.body(updatePostSchema));
        return { status: 200, body: toPostView(post) };
      },
      'DELETE /v1/posts/{id}': async (req) => {
        await deletePost(deps, req.userId(), req.pathParameter('id'));
        return { status: 204 };
      },
    },
    deps,
  );
}

export const handler = lazyHandler(async () => {
  const { postsDeps } = await import('../adapters/aws/aws-deps');
  return createPostsApi(await postsDeps());
});
