import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AccountReadRequest, AccountReader, AccountRecords } from '../../core/ports/account-reader';
import { keys } from './keys';
import { fromPostItem } from './post-store';
import { connectionFromItem } from './linkedin-connection-store';
import { countersFromItem } from './usage-store';
import { fromProfileItem } from './user-store';
import { fromScheduleItem } from './queue-store';

/** Rounds before giving up on keys DynamoDB left unprocessed (it does so only when throttled). */
const MAX_ROUNDS = 4;

/**
 * The profile and the asked items of `USER#<uid>` in one BatchGetItem,
 * strongly consistent (as the single GetItems it replaces). DynamoDB may
 * leave keys unprocessed under throttling: those are asked again, a few times
 * with a short pause, which is the only case where a read costs more than one call.
 */
export class DynamoAccountReader implements AccountReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read(userId: string, want: AccountReadRequest): Promise<AccountRecords> {
    const pk = keys.user(userId);
    let pending: Record<string, unknown>[] = [
      ...(want.profile === false ? [] : [{ PK: pk, SK: keys.profileSk }]),
      ...(want.connection ? [{ PK: pk, SK: keys.linkedinSk }] : []),
      ...(want.usageDay ? [{ PK: pk, SK: keys.usageSk(want.usageDay) }] : []),
      ...(want.postId ? [{ PK: pk, SK: keys.postSk(want.postId) }] : []),
      ...(want.scheduleChannel ? [{ PK: pk, SK: keys.scheduleSk(want.scheduleChannel) }] : []),
    ];
    const items: Record<string, unknown>[] = [];
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new Error(`BatchGetItem left ${pending.length} key(s) unprocessed after ${MAX_ROUNDS} rounds`);
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** round));
      const { Responses, UnprocessedKeys } = await this.db.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      items.push(...(Responses?.[this.tableName] ?? []));
      pending = (UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
    }
    const bySk = new Map(items.map((item) => [item['SK'] as string, item]));
    const profile = bySk.get(keys.profileSk);
    const connection = bySk.get(keys.linkedinSk);
    const post = want.postId ? bySk.get(keys.postSk(want.postId)) : undefined;
    const schedule = want.scheduleChannel ? bySk.get(keys.scheduleSk(want.scheduleChannel)) : undefined;
    return {
      ...(profile ? { profile: fromProfileItem(profile) } : {}),
      ...(post ? { post: fromPostItem(post) } : {}),
      ...(connection ? { connection: connectionFromItem(connection) } : {}),
      ...(schedule ? { schedule: fromScheduleItem(userId, schedule) } : {}),
      ...(want.usageDay ? { usage: countersFromItem(bySk.get(keys.usageSk(want.usageDay))) } : {}),
    };
  }
}
