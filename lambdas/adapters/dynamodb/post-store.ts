import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AccountGoneError, StaleWriteError } from '../../core/errors';
import { sortTimeOf, type Post } from '../../core/posts/post';
import { MediaUnavailableError, ScheduledPostsCapError, type Expected, type ListQuery, type Page, type PostStore, type WriteOptions } from '../../core/ports/post-store';
import { mediaTransactItems } from './post-media-writes';
import type { CursorCodec } from '../cursor-codec';
import { cancellationReasons } from './document-client';
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

/** The profile attribute counting the user's posts in status `scheduled`. */
export const SCHEDULED_POSTS_ATTRIBUTE = 'scheduledPosts';

export function toPostItem(post: Post): PostItem {
  const item: PostItem = {
    ...post,
    PK: keys.user(post.userId),
    SK: keys.postSk(post.id),
    GSI1PK: keys.postsByStatus(post.userId, post.status),
    GSI1SK: `${sortTimeOf(post)}#${post.id}`,
    type: ENTITY.post,
  };
  // Sparse index of posts waiting to go out: scheduled ones, and publishing ones (whose lease may
  // expire). The reconciler and the local scheduler read just these, by due hour.
  if ((post.status === 'scheduled' || post.status === 'publishing') && post.scheduledAt) {
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

/** +1 when a write moves a post into `scheduled`, −1 when out of it, else 0. */
export function scheduledDelta(from: Post['status'] | undefined, to: Post['status'] | undefined): -1 | 0 | 1 {
  return ((to === 'scheduled' ? 1 : 0) - (from === 'scheduled' ? 1 : 0)) as -1 | 0 | 1;
}

/** Hours queried at once by listDue. */
const DUE_QUERY_CONCURRENCY = 8;
/** Attempts of a transaction cancelled only because another transaction touched the same item. */
const TRANSACTION_CONFLICT_ATTEMPTS = 8;

export class DynamoPostStore implements PostStore {
  /** `cursors` signs page cursors; functions that never list pages (publisher, reconciler) need none. */
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cursors?: CursorCodec,
  ) {}

  async create(post: Post, options: Pick<WriteOptions, 'media'> = {}): Promise<void> {
    if (post.status === 'scheduled') throw new Error('Create posts as drafts, then schedule them (the scheduled-post counter moves with the schedule)');
    const put = { TableName: this.tableName, Item: toPostItem(post), ConditionExpression: 'attribute_not_exists(PK)' };
    const media = mediaTransactItems(this.tableName, post.userId, post.id, options.media);
    await this.transact(post.userId, { Put: put }, 0, undefined, media, `Post ${post.id} already exists`);
  }

  async get(userId: string, postId: string): Promise<Post | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: keys.user(userId), SK: keys.postSk(postId) }, ConsistentRead: true }),
    );
    return Item ? fromPostItem(Item) : undefined;
  }

  async list(userId: string, query: ListQuery): Promise<Page<Post>> {
    const binding = `posts|${userId}|${query.status ?? '*'}|${query.from ?? ''}|${query.to ?? ''}`;
    if (query.cursor && !this.cursors) throw new Error('This post store has no cursor codec');
    const startKey = query.cursor ? this.cursors!.decode<Record<string, string>>(query.cursor, binding) : undefined;
    const common = {
      TableName: this.tableName,
      Limit: query.limit,
      ScanIndexForward: false,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    };
    const result = await this.db.send(
      query.status
        ? new QueryCommand({ ...common, IndexName: 'GSI1', ...statusCondition(keys.postsByStatus(userId, query.status), query) })
        : new QueryCommand({
            ...common,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
            ExpressionAttributeValues: { ':pk': keys.user(userId), ':prefix': keys.postSkPrefix },
          }),
    );
    if (result.LastEvaluatedKey && !this.cursors) throw new Error('This post store has no cursor codec');
    return {
      items: (result.Items ?? []).map(fromPostItem),
      nextCursor: result.LastEvaluatedKey ? this.cursors!.encode(result.LastEvaluatedKey, binding) : null,
    };
  }

  async update(next: Post, expected: Expected, options: WriteOptions = {}): Promise<void> {
    const put = {
      TableName: this.tableName,
      Item: toPostItem(next),
      ...expectedCondition(expected),
    };
    const delta = scheduledDelta(expected.status, next.status);
    const media = mediaTransactItems(this.tableName, next.userId, next.id, options.media);
    await this.transact(next.userId, { Put: put }, delta, delta > 0 ? options.scheduledPostsCap : undefined, media);
  }

  async delete(userId: string, postId: string, expected: Expected, options: Pick<WriteOptions, 'media'> = {}): Promise<void> {
    const del = {
      TableName: this.tableName,
      Key: { PK: keys.user(userId), SK: keys.postSk(postId) },
      ...expectedCondition(expected),
    };
    const media = mediaTransactItems(this.tableName, userId, postId, options.media);
    await this.transact(userId, { Delete: del }, scheduledDelta(expected.status, undefined), undefined, media);
  }

  async listDue(range: { from: string; to: string }): Promise<Post[]> {
    const buckets: string[] = [];
    const first = Date.parse(`${range.from.slice(0, 13)}:00:00.000Z`);
    for (let hour = first; hour < Date.parse(range.to); hour += 3_600_000) buckets.push(keys.dueBucket(new Date(hour).toISOString()));
    const posts: Post[] = [];
    for (let i = 0; i < buckets.length; i += DUE_QUERY_CONCURRENCY) {
      const pages = await Promise.all(buckets.slice(i, i + DUE_QUERY_CONCURRENCY).map((bucket) => this.queryDueBucket(bucket, range)));
      for (const page of pages) posts.push(...page);
    }
    return posts;
  }

  private async queryDueBucket(bucket: string, range: { from: string; to: string }): Promise<Post[]> {
    const posts: Post[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'GSI2',
          // GSI2SK is `<scheduledAt>#…`: BETWEEN from AND to keeps [from, to), since `<to>#…` sorts after `<to>`.
          KeyConditionExpression: 'GSI2PK = :bucket AND GSI2SK BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':bucket': bucket, ':from': range.from, ':to': range.to },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      posts.push(...(result.Items ?? []).map(fromPostItem));
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return posts;
  }

  /**
   * The post write and its owner's profile in one transaction: a post is written
   * only while its owner's account exists (AccountGoneError once it is deleted,
   * so not even a request let through by a cached authorization can write), and
   * a write into or out of `scheduled` moves the profile's counter with the cap
   * in its condition, so two requests racing for the last slot cannot both get it.
   */
  private async transact(
    userId: string,
    postWrite: Record<string, unknown>,
    delta: -1 | 0 | 1,
    cap?: number,
    media: { items: Record<string, unknown>[]; ids: string[] } = { items: [], ids: [] },
    staleMessage?: string,
  ): Promise<void> {
    const profileKey = { PK: keys.user(userId), SK: keys.profileSk };
    const profile =
      delta === 0
        ? { ConditionCheck: { TableName: this.tableName, Key: profileKey, ConditionExpression: 'attribute_exists(PK)' } }
        : {
            Update: {
              TableName: this.tableName,
              Key: profileKey,
              UpdateExpression: 'ADD #count :delta',
              ConditionExpression: cap === undefined ? 'attribute_exists(PK)' : 'attribute_exists(PK) AND (attribute_not_exists(#count) OR #count < :cap)',
              ExpressionAttributeNames: { '#count': SCHEDULED_POSTS_ATTRIBUTE },
              ExpressionAttributeValues: { ':delta': delta, ...(cap === undefined ? {} : { ':cap': cap }) },
            },
          };
    const head = [postWrite, profile];
    for (let attempt = 1; ; attempt++) {
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: [...head, ...media.items] }));
        return;
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (!reasons) throw error;
        if (reasons[0] === 'ConditionalCheckFailed') throw new StaleWriteError(staleMessage);
        if (reasons[1] === 'ConditionalCheckFailed') {
          // The cap, or no profile at all: only the failure path pays the read that tells them apart.
          if (cap !== undefined && (await this.profileExists(userId))) throw new ScheduledPostsCapError(cap);
          throw new AccountGoneError(`User ${userId} has no profile: their account is deleted`);
        }
        const failedMedia = reasons.slice(head.length).findIndex((reason) => reason === 'ConditionalCheckFailed');
        if (failedMedia >= 0) throw new MediaUnavailableError(media.ids[failedMedia]!);
        // Cancelled only because a concurrent transaction held one of the items: try again shortly.
        if (reasons.includes('TransactionConflict') && attempt < TRANSACTION_CONFLICT_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * attempt));
          continue;
        }
        throw error;
      }
    }
  }

  private async profileExists(userId: string): Promise<boolean> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: keys.user(userId), SK: keys.profileSk }, ProjectionExpression: 'PK', ConsistentRead: true }),
    );
    return Item !== undefined;
  }
}

function expectedCondition(expected: Expected) {
  return {
    ConditionExpression: '#status = :status AND #version = :version',
    ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
    ExpressionAttributeValues: { ':status': expected.status, ':version': expected.version },
  };
}

/** GSI1 key condition for a status list, with the optional [from, to) range of sort times. */
function statusCondition(partition: string, query: ListQuery) {
  const values: Record<string, string> = { ':pk': partition };
  let condition = 'GSI1PK = :pk';
  // GSI1SK is `<sortTime>#<postId>`: `>= from` keeps sortTime == from, `< to` drops sortTime == to (`<to>#…` > `<to>`).
  if (query.from !== undefined && query.to !== undefined) {
    condition += ' AND GSI1SK BETWEEN :from AND :to';
    Object.assign(values, { ':from': query.from, ':to': query.to });
  } else if (query.from !== undefined) {
    condition += ' AND GSI1SK >= :from';
    values[':from'] = query.from;
  } else if (query.to !== undefined) {
    condition += ' AND GSI1SK < :to';
    values[':to'] = query.to;
  }
  return { KeyConditionExpression: condition, ExpressionAttributeValues: values };
}

