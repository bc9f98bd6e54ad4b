import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StaleWriteError } from '../../core/errors';
import { sortTimeOf, type Post, type PostStatus } from '../../core/posts/post';
import type { Expected, Page, PageRequest, PostStore } from '../../ports/post-store';
import type { CursorCodec } from '../cursor-codec';
import { isConditionalCheckFailure } from './document-client';
import { ENTITY, keys } from './keys';

type PostItem = Post & {
  PK: string;
  SK: string;
  GSI1PK: string;
  GSI1SK: string;
  GSI2PK?: string;
  GSI2SK?: string;
  type: typeof ENTITY.post;
};

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'type'] as const;

export function toPostItem(post: Post): PostItem {
  const item: PostItem = {
    ...post,
    PK: keys.user(post.userId),
    SK: keys.postSk(post.id),
    GSI1PK: keys.postsByStatus(post.userId, post.status),
    GSI1SK: `${sortTimeOf(post)}#${post.id}`,
    type: ENTITY.post,
  };
  // Sparse index: only scheduled posts are in GSI2, so the reconciler reads just them.
  if (post.status === 'scheduled' && post.scheduledAt) {
    item.GSI2PK = keys.dueBucket(post.scheduledAt);
    item.GSI2SK = `${post.scheduledAt}#${post.userId}#${post.id}`;
  }
  return item;
}

export function fromPostItem(item: Record<string, unknown>): Post {
  const post = { ...item };
  for (const key of KEY_ATTRIBUTES) delete post[key];
  return post as unknown as Post;
}

export class DynamoPostStore implements PostStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cursors: CursorCodec,
  ) {}

  async create(post: Post): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toPostItem(post),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailure(error)) throw new StaleWriteError(`Post ${post.id} already exists`);
      throw error;
    }
  }

  async get(userId: string, postId: string): Promise<Post | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: keys.user(userId), SK: keys.postSk(postId) } }),
    );
    return Item ? fromPostItem(Item) : undefined;
  }

  async list(userId: string, query: { status?: PostStatus } & PageRequest): Promise<Page<Post>> {
    const binding = `posts|${userId}|${query.status ?? '*'}`;
    const startKey = query.cursor ? this.cursors.decode<Record<string, string>>(query.cursor, binding) : undefined;
    const common = {
      TableName: this.tableName,
      Limit: query.limit,
      ScanIndexForward: false,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    };
    const result = await this.db.send(
      query.status
        ? new QueryCommand({
            ...common,
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :pk',
            ExpressionAttributeValues: { ':pk': keys.postsByStatus(userId, query.status) },
          })
        : new QueryCommand({
            ...common,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
            ExpressionAttributeValues: { ':pk': keys.user(userId), ':prefix': keys.postSkPrefix },
          }),
    );
    return {
      items: (result.Items ?? []).map(fromPostItem),
      nextCursor: result.LastEvaluatedKey ? this.cursors.encode(result.LastEvaluatedKey, binding) : null,
    };
  }

  async update(next: Post, expected: Expected): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toPostItem(next),
          ConditionExpression: '#status = :status AND #version = :version',
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: { ':status': expected.status, ':version': expected.version },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailure(error)) throw new StaleWriteError();
      throw error;
    }
  }

  async delete(userId: string, postId: string, expected: Expected): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { PK: keys.user(userId), SK: keys.postSk(postId) },
          ConditionExpression: '#status = :status AND #version = :version',
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: { ':status': expected.status, ':version': expected.version },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailure(error)) throw new StaleWriteError();
      throw error;
    }
  }
}
