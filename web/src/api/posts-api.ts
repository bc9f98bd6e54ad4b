import type { PostStatus, PostView } from '../../../lambdas/core/posts/post';
import type { MeView } from '../../../lambdas/core/users/user';
import type { ApiClient } from './api-client';

export type Post = PostView;
export type Me = MeView;
export type { PostStatus };

export interface PostPage {
  items: Post[];
  nextCursor: string | null;
}

export interface ListPostsQuery {
  status?: PostStatus;
  limit?: number;
  cursor?: string;
}

/** The posts and account endpoints, typed. The page components depend on this interface (tests pass a fake). */
export interface MarkApi {
  me(): Promise<Me>;
  listPosts(query: ListPostsQuery, signal?: AbortSignal): Promise<PostPage>;
  getPost(id: string): Promise<Post>;
  createPost(content: string): Promise<Post>;
  /** `version` makes the API refuse (409 VERSION_MISMATCH) if someone saved in between. */
  updatePost(id: string, content: string, version?: number): Promise<Post>;
  deletePost(id: string): Promise<void>;
}

export function createMarkApi(client: ApiClient): MarkApi {
  const postPath = (id: string) => `/v1/posts/${encodeURIComponent(id)}`;
  return {
    me: () => client.request<Me>('GET', '/v1/me'),
    async listPosts(query, signal) {
      const page = await client.request<{ items: Post[]; nextCursor?: string | null }>('GET', '/v1/posts', {
        query: { status: query.status, limit: query.limit, cursor: query.cursor },
        ...(signal ? { signal } : {}),
      });
      return { items: page.items, nextCursor: page.nextCursor ?? null };
    },
    getPost: (id) => client.request<Post>('GET', postPath(id)),
    createPost: (content) => client.request<Post>('POST', '/v1/posts', { json: { content } }),
    updatePost: (id, content, version) =>
      client.request<Post>('PATCH', postPath(id), { json: version === undefined ? { content } : { content, version } }),
    deletePost: (id) => client.request<void>('DELETE', postPath(id)),
  };
}
