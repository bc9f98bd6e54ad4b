import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AccountGoneError, StaleWriteError } from '../../core/errors';
import { heldInstant, sortTimeOf, type Post } from '../../core/posts/post';
import { postCountAttribute } from '../../core/users/user';
import type { PostStatus } from '../../contract/api/posts';
import { InstantTakenError, MediaUnavailableError, ScheduledPostsCapError, type Expected, type ListQuery, type Page, type PostStore, type WriteOptions } from '../../core/ports/post-store';
import { mediaTransactItems, movesMedia, type MediaTransactItems } from './post-media-writes';
import type { CursorCodec } from '../cursor-codec';
import { auditPut } from './audit-log';
import { cancellationReasons, isConditionalCheckFailure, queryAll } from './document-client';
import { ENTITY, keys } from './keys';
import { profileExistsCheck } from './owned-put';
import { takenMove, type TakenMove } from './taken-instants';

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
  // Sparse index of posts waiting to go out: scheduled ones, and publishing ones (whose lease may
  // expire). The reconciler and the local scheduler read just these, by due hour.
  if ((post.status === 'scheduled' || post.status === 'publishing') && post.scheduledAt) {
    item.GSI2PK = keys.dueBucket(post.scheduledAt);
    item.GSI2SK = `${post.scheduledAt}#${post.userId}#${post.id}`;
  } else if (post.status === 'published' && post.evergreen) {
    // An evergreen post is due again at its next run: the same index lets the reconciler and the local scheduler find it.
    item.GSI2PK = keys.dueBucket(post.evergreen.nextAt);
    item.GSI2SK = `${post.evergreen.nextAt}#${post.userId}#${post.id}`;
  }
  return item;
}

export function fromPostItem(item: Record<string, unknown>): Post {
  const post = { ...item };
  for (const key of KEY_ATTRIBUTES) delete post[key];
  return post as unknown as Post;
}

/**
 * How a write changes the owner's post counts: −1 for the status the post
 * leaves (none for a create), +1 for the one it enters (none for a delete);
 * nothing when the status stays (an edit, a lease renewal).
 */
export function countChanges(from: PostStatus | undefined, to: PostStatus | undefined): { status: PostStatus; delta: -1 | 1 }[] {
  if (from === to) return [];
  return [...(from ? [{ status: from, delta: -1 as const }] : []), ...(to ? [{ status: to, delta: 1 as const }] : [])];
}

/**
 * Whether an update is the post's own conditional put (WriteOptions.ownerChecked):
 * its owner was read just before, and it moves no count, no media, not the
 * post's instant, and writes no audit entry. The memory twin uses the same rule.
 */
export function writesPostAlone(next: Post, expected: Expected, options: WriteOptions): boolean {
  return (
    options.ownerChecked === true &&
    countChanges(expected.status, next.status).length === 0 &&
    !movesMedia(options.media) &&
    !options.audit &&
    heldInstant(expected) === heldInstant(next)
  );
}

/** Hours queried at once by listDue. */
const DUE_QUERY_CONCURRENCY = 8;
/** Attempts of a transaction cancelled only because another transaction touched the same item. */
const TRANSACTION_CONFLICT_ATTEMPTS = 40;
/**
 * Every post write of a user also updates their profile (the counts), so a burst of one user's
 * writes (50 posts queued at once) conflicts on that one item. Each transaction holds it for a few
 * milliseconds, so the losers come back soon, at random within a short window that widens a little
 * with each loss: the burst goes through one after another instead of colliding again and again.
 */
function conflictBackoffMs(attempt: number): number {
  return Math.random() * Math.min(150, 15 + 10 * attempt);
}
/** DynamoDB's limit of items in one TransactWriteItems. */
const MAX_TRANSACTION_ITEMS = 100;

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
    await this.transact(post.userId, { Put: put }, countChanges(undefined, post.status), undefined, media, [], `Post ${post.id} already exists`);
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
      // Newest first; what is scheduled, soonest first (the next to go out on top, as in the queue).
      ScanIndexForward: query.status === 'scheduled',
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
    if (writesPostAlone(next, expected, options)) return this.putAlone(put);
    const changes = countChanges(expected.status, next.status);
    const media = mediaTransactItems(this.tableName, next.userId, next.id, options.media);
    const taken = takenMove(this.tableName, next.userId, next.id, heldInstant(expected), heldInstant(next), options.instantMustBeFree);
    await this.transact(next.userId, { Put: put }, changes, next.status === 'scheduled' ? options.scheduledPostsCap : undefined, media, this.auditItems(next.userId, options), undefined, taken);
  }

  /**
   * The post alone (WriteOptions.ownerChecked): one conditional PutItem. In
   * DynamoDB Local a transaction costs five times a put (npm run bench:load's
   * mix spent half its time on them before the editor's saves came here).
   */
  private async putAlone(put: { TableName: string; Item: PostItem } & ReturnType<typeof expectedCondition>): Promise<void> {
    try {
      await this.db.send(new PutCommand(put));
    } catch (error) {
      if (isConditionalCheckFailure(error)) throw new StaleWriteError();
      throw error;
    }
  }

  async delete(userId: string, postId: string, expected: Expected, options: Pick<WriteOptions, 'audit' | 'media'> = {}): Promise<void> {
    const del = {
      TableName: this.tableName,
      Key: { PK: keys.user(userId), SK: keys.postSk(postId) },
      ...expectedCondition(expected),
    };
    const taken = takenMove(this.tableName, userId, postId, heldInstant(expected), null);
    await this.transact(userId, { Delete: del }, countChanges(expected.status, undefined), undefined, mediaTransactItems(this.tableName, userId, postId, options.media), this.auditItems(userId, options), undefined, taken);
  }

  private auditItems(userId: string, options: Pick<WriteOptions, 'audit'>): Record<string, unknown>[] {
    return options.audit ? [{ Put: auditPut(this.tableName, userId, options.audit.event, options.audit.at) }] : [];
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
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'GSI2',
      // GSI2SK is `<scheduledAt>#…`: BETWEEN from AND to keeps [from, to), since `<to>#…` sorts after `<to>`.
      KeyConditionExpression: 'GSI2PK = :bucket AND GSI2SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':bucket': bucket, ':from': range.from, ':to': range.to },
    });
    return items.map(fromPostItem);
  }

  /**
   * The post write, its owner's profile and the media items the write attaches,
   * requires, detaches or deletes, in one transaction (one request). The profile
   * is always in it: a post is written only while its owner's account exists
   * (AccountGoneError once it is deleted, so not even a request let through by a
   * cached authorization can write), and when the status changes the profile's
   * counts move, with the scheduled-post cap in their condition when the post
   * moves into `scheduled`: two requests racing for the last slot cannot both
   * get it, and no count moves unless the media were as required. The post's id
   * moves between the taken instants (`taken`) in the same transaction.
   */
  private async transact(
    userId: string,
    postWrite: Record<string, unknown>,
    changes: { status: PostStatus; delta: -1 | 1 }[],
    cap?: number,
    media: MediaTransactItems = { items: [], ids: [] },
    /** Written with the post (an audit entry), after everything that has a condition. */
    extra: Record<string, unknown>[] = [],
    staleMessage?: string,
    /** The post's move between the taken instants (takenMove), and the instant it must find free. */
    taken?: TakenMove,
  ): Promise<void> {
    const names: Record<string, string> = {};
    const values: Record<string, number> = {};
    changes.forEach(({ status, delta }, i) => {
      names[`#c${i}`] = postCountAttribute(status);
      values[`:d${i}`] = delta;
    });
    const capAt = changes.some((change) => change.status === 'scheduled' && change.delta > 0) ? cap : undefined;
    if (capAt !== undefined) {
      names['#scheduled'] = postCountAttribute('scheduled');
      values[':cap'] = capAt;
    }
    const profileKey = { PK: keys.user(userId), SK: keys.profileSk };
    const counter = {
      Update: {
        TableName: this.tableName,
        Key: profileKey,
        UpdateExpression: `ADD ${changes.map((_, i) => `#c${i} :d${i}`).join(', ')}`,
        ConditionExpression: capAt !== undefined ? 'attribute_exists(PK) AND (attribute_not_exists(#scheduled) OR #scheduled < :cap)' : 'attribute_exists(PK)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
    // The profile (counts), the post and each media item are distinct items, so no item is touched
    // twice; a post carries at most 20 media, so an edit swapping all of them stays far below 100 items.
    const profile = changes.length > 0 ? counter : profileExistsCheck(this.tableName, userId);
    const head = [postWrite, profile, ...(taken ? [taken.write] : [])];
    if (head.length + media.items.length + extra.length > MAX_TRANSACTION_ITEMS) throw new Error(`A post write may touch at most ${MAX_TRANSACTION_ITEMS} items`);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: [...head, ...media.items, ...extra] }));
        return;
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (!reasons) throw error;
        if (reasons[0] === 'ConditionalCheckFailed') throw new StaleWriteError(staleMessage);
        if (reasons[1] === 'ConditionalCheckFailed') {
          // The cap, or no profile at all: only the failure path pays the read that tells them apart.
          if (capAt !== undefined && (await this.profileExists(userId))) throw new ScheduledPostsCapError(capAt);
          throw new AccountGoneError(`User ${userId} has no profile: their account is deleted`);
        }
        if (taken?.mustBeFreeAt && reasons[2] === 'ConditionalCheckFailed') throw new InstantTakenError(taken.mustBeFreeAt);
        const failedMedia = reasons.slice(head.length, head.length + media.items.length).findIndex((reason) => reason === 'ConditionalCheckFailed');
        if (failedMedia >= 0) throw new MediaUnavailableError(media.ids[failedMedia]!);
        // Cancelled only because a concurrent transaction held one of the items: try again shortly.
        if (reasons.includes('TransactionConflict') && attempt < TRANSACTION_CONFLICT_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, conflictBackoffMs(attempt)));
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

/**
 * GSI1 key condition for a status list, with the optional [from, to) range of sort times. Never below
 * the posts' floor: the scheduled partition also holds the posting schedule's copy, ahead of the posts.
 */
function statusCondition(partition: string, query: ListQuery) {
  // GSI1SK is `<sortTime>#<postId>`: `>= from` keeps sortTime == from, `< to` drops sortTime == to (`<to>#…` > `<to>`).
  const from = query.from === undefined || query.from < keys.postIndexFloor ? keys.postIndexFloor : query.from;
  const values: Record<string, string> = { ':pk': partition, ':from': from };
  let condition = 'GSI1PK = :pk AND GSI1SK >= :from';
  if (query.to !== undefined) {
    condition = 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to';
    values[':to'] = query.to;
  }
  return { KeyConditionExpression: condition, ExpressionAttributeValues: values };
}

