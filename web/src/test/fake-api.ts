import { ApiError } from '../api/api-error';
import type { ListPostsQuery, MarkApi, Me, Post, PostPage } from '../api/posts-api';

/**
 * An in-memory MarkApi that keeps the API's rules that the UI depends on:
 * newest first, cursor paging, version checks (409 VERSION_MISMATCH), 404 for
 * unknown ids. Tests reach in (`posts`, `failNext`) to stage situations.
 */
export class FakeApi implements MarkApi {
  posts: Post[] = [];
  calls: string[] = [];
  private nextId = 1;
  private failures: { method: keyof MarkApi; error: ApiError }[] = [];

  constructor(
    readonly user: Me = {
      userId: 'u-1',
      email: 'ada@example.com',
      tier: 'free',
      createdAt: '2026-01-01T00:00:00.000Z',
      timezone: 'UTC',
      linkedin: { connected: false, needsReconnect: false, name: null, pictureUrl: null, memberUrn: null, expiresAt: null },
    },
  ) {}

  seed(count: number, status: Post['status'] = 'draft'): Post[] {
    const made: Post[] = [];
    for (let i = 0; i < count; i++) made.push(this.insert(`Seeded post ${this.nextId}`, status));
    return made;
  }

  /** The next call of `method` fails with `error`. */
  failNext(method: keyof MarkApi, error: ApiError): void {
    this.failures.push({ method, error });
  }

  /** Someone else saves the post (its version moves on). */
  editElsewhere(id: string, content: string): void {
    const post = this.find(id);
    Object.assign(post, { content, version: post.version + 1 });
  }

  async me(): Promise<Me> {
    this.check('me');
    return this.user;
  }

  async listPosts(query: ListPostsQuery): Promise<PostPage> {
    this.check('listPosts');
    this.calls.push(`list ${query.status ?? 'all'} ${query.cursor ?? '-'}`);
    const matching = this.posts.filter((p) => !query.status || p.status === query.status);
    const start = query.cursor ? Number(query.cursor) : 0;
    const limit = query.limit ?? 20;
    const items = matching.slice(start, start + limit);
    return { items: structuredClone(items), nextCursor: start + limit < matching.length ? String(start + limit) : null };
  }

  async getPost(id: string): Promise<Post> {
    this.check('getPost');
    return structuredClone(this.find(id));
  }

  async createPost(content: string): Promise<Post> {
    this.check('createPost');
    return structuredClone(this.insert(content.trim(), 'draft'));
  }

  async updatePost(id: string, content: string, version?: number): Promise<Post> {
    this.check('updatePost');
    this.calls.push(`update ${id} v${version ?? '-'}`);
    const post = this.find(id);
    if (version !== undefined && version !== post.version) {
      throw new ApiError(409, 'VERSION_MISMATCH', `The post changed since you loaded it (you had version ${version}, it is now ${post.version}). Reload it to see the latest text.`);
    }
    Object.assign(post, { content: content.trim(), version: post.version + 1, updatedAt: new Date().toISOString() });
    return structuredClone(post);
  }

  async deletePost(id: string): Promise<void> {
    this.check('deletePost');
    this.find(id);
    this.posts = this.posts.filter((p) => p.id !== id);
  }

  private insert(content: string, status: Post['status']): Post {
    const id = `P${String(this.nextId++).padStart(25, '0')}`;
    const now = new Date(Date.UTC(2026, 0, 1, 12, this.nextId)).toISOString();
    const post: Post = {
      id,
      content,
      status,
      scheduledAt: null,
      publishedAt: null,
      linkedinUrn: null,
      linkedinUrl: null,
      error: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    this.posts.unshift(post);
    return post;
  }

  private find(id: string): Post {
    const post = this.posts.find((p) => p.id === id);
    if (!post) throw new ApiError(404, 'NOT_FOUND', `No post with id "${id}" in your account.`);
    return post;
  }

  private check(method: keyof MarkApi): void {
    const index = this.failures.findIndex((f) => f.method === method);
    if (index >= 0) throw this.failures.splice(index, 1)[0]!.error;
  }
}
