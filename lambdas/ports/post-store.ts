import type { Post, PostStatus } from '../core/posts/post';

export interface PageRequest {
  limit: number;
  /** Opaque, signed cursor from a previous page; bound to the user and the query. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Expected {
  status: PostStatus;
  version: number;
}

/** Where posts live. Every write that changes an existing post is conditional. */
export interface PostStore {
  /** Fails (StaleWriteError) if a post with the same id exists. */
  create(post: Post): Promise<void>;
  get(userId: string, postId: string): Promise<Post | undefined>;
  /** Newest first; by status when given (GSI1), else by creation (main table). */
  list(userId: string, query: { status?: PostStatus } & PageRequest): Promise<Page<Post>>;
  /** Replaces the post if it still has the expected status and version, else StaleWriteError. */
  update(next: Post, expected: Expected): Promise<void>;
  /** Deletes the post if it still has the expected status and version, else StaleWriteError. */
  delete(userId: string, postId: string, expected: Expected): Promise<void>;
}
