import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MAIL_KINDS, type MailKind, type MailPreferences } from '../../contract/api/notifications';
import { AccountGoneError } from '../../core/errors';
import type { MailPreferenceStore } from '../../core/ports/mail-outbox';
import { cancellationReasons } from './document-client';
import { ENTITY, keys } from './keys';
import { profileExistsCheck } from './owned-put';

const WEEKLY_PAGE = 100;

/**
 * `USER#<uid>` / `MAILPREFS`: one attribute per kind, only those the user set (the rest take the defaults).
 * While the weekly summary is on, the item is in the sparse GSI2 partition MAILWEEKLY (the daily job's list).
 */
export class DynamoMailPreferenceStore implements MailPreferenceStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(userId: string): Promise<Partial<MailPreferences> | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { PK: keys.user(userId), SK: keys.mailPrefsSk } }));
    return Item ? preferencesFromItem(Item) : undefined;
  }

  /**
   * One transaction: the kinds set, and a check that the profile exists, so a change racing the
   * account's deletion never writes an item of a deleted user back (AccountGoneError, nothing written).
   */
  async update(userId: string, changes: Partial<MailPreferences>, now: Date): Promise<void> {
    const names: Record<string, string> = { '#type': 'type', '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':type': ENTITY.mailPrefs, ':now': now.toISOString() };
    const sets = ['#type = :type', '#updatedAt = :now'];
    for (const [kind, on] of Object.entries(changes) as [MailKind, boolean][]) {
      names[`#${kind}`] = kind;
      values[`:${kind}`] = on;
      sets.push(`#${kind} = :${kind}`);
    }
    let remove = '';
    if (changes.weeklySummary === true) {
      sets.push('GSI2PK = :weekly', 'GSI2SK = :uid');
      Object.assign(values, { ':weekly': keys.mailWeekly, ':uid': userId });
    } else if (changes.weeklySummary === false) {
      remove = ' REMOVE GSI2PK, GSI2SK';
    }
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            profileExistsCheck(this.tableName, userId),
            {
              Update: {
                TableName: this.tableName,
                Key: { PK: keys.user(userId), SK: keys.mailPrefsSk },
                UpdateExpression: `SET ${sets.join(', ')}${remove}`,
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') throw new AccountGoneError();
      throw error;
    }
  }

  async weeklySubscribers(cursor?: string): Promise<{ userIds: string[]; next?: string }> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :weekly',
        ExpressionAttributeValues: { ':weekly': keys.mailWeekly },
        ProjectionExpression: 'GSI2SK',
        Limit: WEEKLY_PAGE,
        ...(cursor ? { ExclusiveStartKey: JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown> } : {}),
      }),
    );
    const userIds = (page.Items ?? []).map((item) => item['GSI2SK'] as string);
    return { userIds, ...(page.LastEvaluatedKey ? { next: Buffer.from(JSON.stringify(page.LastEvaluatedKey)).toString('base64url') } : {}) };
  }
}

/** The kinds the user set, from their `MAILPREFS` item (the rest take the defaults). */
export function preferencesFromItem(item: Record<string, unknown>): Partial<MailPreferences> {
  return Object.fromEntries(MAIL_KINDS.filter((kind) => typeof item[kind] === 'boolean').map((kind) => [kind, item[kind] as boolean]));
}
