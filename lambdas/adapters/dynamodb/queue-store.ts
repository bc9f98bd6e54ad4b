import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StaleWriteError } from '../../core/errors';
import type { Post } from '../../core/posts/post';
import { defaultSchedule, type PostingSchedule } from '../../core/queue/posting-schedule';
import type { QueueRead, QueueStore, QueuedWrite, TakenChange, TakenInstants } from '../../core/ports/queue-store';
import { cancellationReasons, isConditionalCheckFailure, queryAll } from './document-client';
import { ENTITY, keys } from './keys';
import { builtTakenPut, fromTakenItem, takenChanges } from './taken-instants';
import { fromPostItem, toPostItem } from './post-store';

/**
 * Posting schedules (`USER#<uid>` / `SCHEDULE#<channel>`) and the taken instants
 * (`USER#<uid>` / `TAKEN`, taken-instants.ts) in the single table; queued posts are
 * read from the status index (GSI1 `USER#<uid>#scheduled`, ascending), where
 * each schedule, with the zone it is read in, sorts ahead of them (`#SCHEDULE#<channel>`).
 */
export class DynamoQueueStore implements QueueStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getSchedule(userId: string, channel: string): Promise<PostingSchedule | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { PK: keys.user(userId), SK: keys.scheduleSk(channel) }, ConsistentRead: true }));
    return Item ? fromScheduleItem(userId, Item) : undefined;
  }

  async putSchedule(schedule: PostingSchedule, expectedVersion: number, zone: string): Promise<void> {
    const { userId, channel, slots, custom, paused, pausedAt, updatedAt, version } = schedule;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...scheduleKeys(userId, channel), type: ENTITY.schedule, channel, slots, custom, paused, pausedAt, updatedAt, version, [SCHEDULE_ZONE]: zone },
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(PK)' }
            : { ConditionExpression: '#version = :version', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':version': expectedVersion } }),
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailure(error)) throw new StaleWriteError('The posting schedule changed since it was read');
      throw error;
    }
  }

  async getTaken(userId: string): Promise<TakenInstants> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { PK: keys.user(userId), SK: keys.takenSk }, ConsistentRead: true }));
    return fromTakenItem(Item);
  }

  async buildTaken(userId: string, revision: number): Promise<TakenInstants> {
    // Every post of the user, from the table (strongly consistent): the index could miss one just scheduled.
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      ConsistentRead: true,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      FilterExpression: '#status = :scheduled',
      ProjectionExpression: 'id, scheduledAt',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': keys.user(userId), ':prefix': keys.postSkPrefix, ':scheduled': 'scheduled' },
    });
    const posts = new Map<string, string[]>();
    for (const item of items) {
      const at = String(item['scheduledAt']);
      posts.set(at, [...(posts.get(at) ?? []), String(item['id'])].sort());
    }
    try {
      await this.db.send(new PutCommand(builtTakenPut(this.tableName, userId, revision, posts)));
    } catch (error) {
      if (isConditionalCheckFailure(error)) throw new StaleWriteError('A post was scheduled or unscheduled while the taken instants were built');
      throw error;
    }
    return { complete: true, revision: revision + 1, posts };
  }

  async listScheduled(userId: string, range: { from: string; to: string }, limit: number): Promise<Post[]> {
    const items = await queryAll(
      this.db,
      {
        TableName: this.tableName,
        IndexName: 'GSI1',
        // GSI1SK is `<scheduledAt>#<postId>` for scheduled posts: BETWEEN keeps [from, to).
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': keys.postsByStatus(userId, 'scheduled'), ':from': range.from, ':to': range.to },
        ScanIndexForward: true,
        Limit: Math.min(limit, 500),
      },
      limit,
    );
    return items.map(fromPostItem);
  }

  async readQueue(userId: string, channel: string, range: { from: string; to: string }, limit: number, skipped = 0): Promise<QueueRead> {
    const input = {
      TableName: this.tableName,
      IndexName: 'GSI1',
      // The schedule's copy sorts first, then the posts by `<scheduledAt>#<postId>`: BETWEEN keeps [start, to).
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :start AND :to',
      ExpressionAttributeValues: { ':pk': keys.postsByStatus(userId, 'scheduled'), ':start': keys.scheduleIndexSk(channel), ':to': range.to },
      ScanIndexForward: true,
    };
    let schedule: QueueRead['schedule'];
    const posts: Post[] = [];
    let before = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      // Enough for the schedule, the posts before `from` the caller expects, the page, and a few more.
      const want = Math.min(1 + Math.max(skipped - before, 0) + (limit - posts.length) + QUEUE_READ_SLACK, 1_000);
      const result = await this.db.send(new QueryCommand({ ...input, Limit: want, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
      for (const item of result.Items ?? []) {
        if (item['type'] === ENTITY.schedule) {
          if (item['channel'] === channel && typeof item[SCHEDULE_ZONE] === 'string') schedule = { schedule: fromScheduleItem(userId, item), zone: item[SCHEDULE_ZONE] as string };
        } else if (String(item['GSI1SK']) < range.from) before++;
        else if (posts.length < limit) posts.push(fromPostItem(item));
      }
      startKey = result.LastEvaluatedKey;
    } while (startKey && posts.length < limit);
    return { schedule, posts, before };
  }

  async move(userId: string, writes: QueuedWrite[], taken: TakenChange[]): Promise<void> {
    const items = [
      ...writes.map(({ next, expected }) => ({
        Put: {
          TableName: this.tableName,
          Item: toPostItem(next),
          ConditionExpression: '#status = :status AND #version = :version',
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: { ':status': expected.status, ':version': expected.version },
        },
      })),
      ...(taken.length > 0 ? [takenChanges(this.tableName, userId, taken)] : []),
    ];
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const reasons = cancellationReasons(error);
      // A condition failed, or another transaction held one of the items: either way the queue changed under us.
      if (reasons && (reasons.includes('ConditionalCheckFailed') || reasons.includes('TransactionConflict'))) throw new StaleWriteError('The queue changed');
      throw error;
    }
  }
}

/** Items a queue read asks for beyond those it expects (posts come and go between two pages). */
const QUEUE_READ_SLACK = 8;

/** The schedule item's copy of the profile's planning zone (PATCH /v1/me writes both), so the queue's index holds it. */
const SCHEDULE_ZONE = 'timezone';

/** The schedule's keys: its place in the user's partition, and in the queue's index partition ahead of the scheduled posts. */
export function scheduleKeys(userId: string, channel: string) {
  return { PK: keys.user(userId), SK: keys.scheduleSk(channel), GSI1PK: keys.postsByStatus(userId, 'scheduled'), GSI1SK: keys.scheduleIndexSk(channel) };
}

/**
 * The update that stores the planning zone on a channel's schedule (in the transaction that stores it
 * on the profile), making the schedule with the defaults if the user has none yet; the version moves,
 * so a schedule written meanwhile from the old zone fails its condition and is written again.
 */
export function scheduleZoneUpdate(tableName: string, userId: string, channel: string, zone: string) {
  const { PK, SK, ...index } = scheduleKeys(userId, channel);
  return {
    TableName: tableName,
    Key: { PK, SK },
    UpdateExpression:
      'SET #zone = :zone, GSI1PK = :gpk, GSI1SK = :gsk, #type = :type, channel = :channel, custom = if_not_exists(custom, :false), ' +
      'slots = if_not_exists(slots, :slots), paused = if_not_exists(paused, :false), #version = if_not_exists(#version, :zero) + :one',
    ExpressionAttributeNames: { '#zone': SCHEDULE_ZONE, '#type': 'type', '#version': 'version' },
    ExpressionAttributeValues: {
      ':zone': zone,
      ':gpk': index.GSI1PK,
      ':gsk': index.GSI1SK,
      ':type': ENTITY.schedule,
      ':channel': channel,
      ':false': false,
      ':slots': defaultSchedule(userId, channel).slots,
      ':zero': 0,
      ':one': 1,
    },
  };
}

/** A stored posting schedule (`SCHEDULE#<channel>`) as the domain sees it. */
export function fromScheduleItem(userId: string, item: Record<string, unknown>): PostingSchedule {
  return {
    userId,
    channel: String(item['channel'] ?? String(item['SK']).slice(keys.scheduleSk('').length)),
    slots: (item['slots'] as PostingSchedule['slots'] | undefined) ?? [],
    custom: item['custom'] !== false,
    paused: item['paused'] === true,
    pausedAt: (item['pausedAt'] as string | null | undefined) ?? null,
    updatedAt: (item['updatedAt'] as string | null | undefined) ?? null,
    version: (item['version'] as number | undefined) ?? 1,
  };
}
