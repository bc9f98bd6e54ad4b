import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AccountReadRequest, AccountReader, AccountRecords } from '../../core/ports/account-reader';
import { consistentBatchGet } from './batch-get';
import { keys } from './keys';
import { fromPostItem } from './post-store';
import { connectionFromItem } from './linkedin-connection-store';
import { countersFromItem } from './usage-store';
import { fromProfileItem } from './user-store';
import { fromScheduleItem } from './queue-store';
import { fromTakenItem } from './taken-instants';

/**
 * The profile and the asked items of `USER#<uid>` in one BatchGetItem,
 * strongly consistent (as the single GetItems it replaces; batch-get.ts).
 */
export class DynamoAccountReader implements AccountReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read(userId: string, want: AccountReadRequest): Promise<AccountRecords> {
    const pk = keys.user(userId);
    const items = await consistentBatchGet(this.db, this.tableName, [
      ...(want.profile === false ? [] : [{ PK: pk, SK: keys.profileSk }]),
      ...(want.connection ? [{ PK: pk, SK: keys.linkedinSk }] : []),
      ...(want.usageDay ? [{ PK: pk, SK: keys.usageSk(want.usageDay) }] : []),
      ...(want.postId ? [{ PK: pk, SK: keys.postSk(want.postId) }] : []),
      ...(want.scheduleChannel ? [{ PK: pk, SK: keys.scheduleSk(want.scheduleChannel) }] : []),
      ...(want.otherPostId && want.otherPostId !== want.postId ? [{ PK: pk, SK: keys.postSk(want.otherPostId) }] : []),
      ...(want.taken ? [{ PK: pk, SK: keys.takenSk }] : []),
    ]);
    const bySk = new Map(items.map((item) => [item['SK'] as string, item]));
    const profile = bySk.get(keys.profileSk);
    const connection = bySk.get(keys.linkedinSk);
    const post = want.postId ? bySk.get(keys.postSk(want.postId)) : undefined;
    const schedule = want.scheduleChannel ? bySk.get(keys.scheduleSk(want.scheduleChannel)) : undefined;
    const otherPost = want.otherPostId ? bySk.get(keys.postSk(want.otherPostId)) : undefined;
    return {
      ...(profile ? { profile: fromProfileItem(profile) } : {}),
      ...(post ? { post: fromPostItem(post) } : {}),
      ...(connection ? { connection: connectionFromItem(connection) } : {}),
      ...(schedule ? { schedule: fromScheduleItem(userId, schedule) } : {}),
      ...(otherPost ? { otherPost: fromPostItem(otherPost) } : {}),
      ...(want.taken ? { taken: fromTakenItem(bySk.get(keys.takenSk)) } : {}),
      ...(want.usageDay ? { usage: countersFromItem(bySk.get(keys.usageSk(want.usageDay))) } : {}),
    };
  }
}
