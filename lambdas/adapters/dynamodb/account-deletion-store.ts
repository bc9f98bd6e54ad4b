import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DeletionStepName } from '../../core/account-data/deletion-step-names';
import type { AccountDeletionStore, DeletionRecord, DeletionStart } from '../../core/ports/account-deletion-store';
import type { Clock } from '../../core/ports/clock';
import type { UserProfile } from '../../core/users/user';
import { keyModeOf, type AssignedApiKey } from '../../contract/usage-plans';
import { cancellationReasons, isConditionalCheckFailure } from './document-client';
import { ENTITY, keys, PROFILE_KEY_ATTRIBUTES } from './keys';
import { suppressionKey } from './mail-suppression-list';

/**
 * Deletion records: `ACCOUNT_DELETION#<uid>` / `RECORD`, the one item keyed by
 * a deleted user's id that stays. While the job runs, GSI1 lists it under
 * `ACCOUNT_DELETIONS#UNFINISHED` (for the reconciler); once finished, under
 * `ACCOUNT_DELETIONS#EMAIL#<hash>` (for the operator's lookup by email).
 */
export class DynamoAccountDeletionStore implements AccountDeletionStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  /** Also deletes the address's mail suppression entry (`MAILTO#<sha256>`), in the same transaction. */
  async begin(input: { profile: UserProfile; emailHash: string; requestedAt: string }): Promise<DeletionStart> {
    const { profile } = input;
    const record: DeletionRecord = {
      userId: profile.userId,
      emailHash: input.emailHash,
      requestedAt: input.requestedAt,
      status: 'running',
      steps: {},
      apiKey: profile.apiKey ?? null,
      // A dedicated key is held with a slot of the key budget (the registry reserves the slot before it creates the key).
      heldKeySlot: profile.apiKey !== undefined && keyModeOf(profile.apiKey.plan) === 'dedicated',
      resumeAt: null,
      updatedAt: input.requestedAt,
      completedAt: null,
    };
    // The key is copied from the profile: the delete holds only if it is still the one read (one assigned meanwhile is read again).
    const keyCondition = record.apiKey ? '#key.#id = :keyId' : 'attribute_not_exists(#key)';
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.tableName,
                Key: { PK: keys.user(profile.userId), SK: keys.profileSk },
                ConditionExpression: `attribute_exists(PK) AND ${keyCondition}`,
                ExpressionAttributeNames: { '#key': PROFILE_KEY_ATTRIBUTES.key, ...(record.apiKey ? { '#id': 'id' } : {}) },
                ...(record.apiKey ? { ExpressionAttributeValues: { ':keyId': record.apiKey.id } } : {}),
              },
            },
            { Put: { TableName: this.tableName, Item: this.item(record), ConditionExpression: 'attribute_not_exists(PK)' } },
            // The mail suppression entry is keyed by the address's hash, which the record must not keep: it goes now, with the profile.
            { Delete: { TableName: this.tableName, Key: suppressionKey(profile.email) } },
          ],
        }),
      );
      return { status: 'started', record };
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
    }
    const existing = await this.get(profile.userId);
    if (existing) return { status: 'already', record: existing };
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: keys.user(profile.userId), SK: keys.profileSk }, ConsistentRead: true }),
    );
    return Item ? { status: 'profile-changed' } : { status: 'no-account' };
  }

  async get(userId: string): Promise<DeletionRecord | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: this.key(userId), ConsistentRead: true }));
    return Item ? toRecord(Item) : undefined;
  }

  async completeStep(userId: string, step: DeletionStepName, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(userId),
        UpdateExpression: 'SET #steps.#step = :at, #updated = :at REMOVE #resume',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#steps': 'steps', '#step': step, '#updated': 'updatedAt', '#resume': 'resumeAt' },
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  async resumeAt(userId: string, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(userId),
        UpdateExpression: 'SET #resume = :at, #updated = :now',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#resume': 'resumeAt', '#updated': 'updatedAt' },
        ExpressionAttributeValues: { ':at': at, ':now': this.clock.now().toISOString() },
      }),
    );
  }

  async releaseKeySlot(userId: string): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: { PK: keys.apiKeyBudget, SK: keys.apiKeyBudgetSk },
                UpdateExpression: 'SET #n = #n - :one',
                ConditionExpression: '#n > :zero',
                ExpressionAttributeNames: { '#n': 'count' },
                ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: this.key(userId),
                UpdateExpression: 'SET #released = :true',
                ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(#released)',
                ExpressionAttributeNames: { '#released': 'keySlotReleased' },
                ExpressionAttributeValues: { ':true': true },
              },
            },
          ],
        }),
      );
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      // Released before (the step ran again after a crash): nothing to do. A budget already at zero only needs the mark.
      if (reasons[1] === 'ConditionalCheckFailed') return;
      if (reasons[0] === 'ConditionalCheckFailed') await this.markSlotReleased(userId);
      else throw error;
    }
  }

  async finish(userId: string, at: string): Promise<void> {
    const record = await this.get(userId);
    if (!record || record.status === 'done') return;
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(userId),
        UpdateExpression: 'SET #status = :done, #completed = :at, #updated = :at, GSI1PK = :pk, GSI1SK = :sk REMOVE #key, #resume',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#status': 'status', '#completed': 'completedAt', '#updated': 'updatedAt', '#key': 'apiKey', '#resume': 'resumeAt' },
        ExpressionAttributeValues: { ':done': 'done', ':at': at, ':pk': keys.deletionsByEmail(record.emailHash), ':sk': `${at}#${userId}` },
      }),
    );
  }

  async unfinished(limit: number): Promise<DeletionRecord[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.unfinishedDeletions },
        Limit: limit,
      }),
    );
    return Items.map(toRecord);
  }

  async byEmailHash(emailHash: string): Promise<DeletionRecord[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.deletionsByEmail(emailHash) },
        ScanIndexForward: false,
      }),
    );
    const unfinished = (await this.unfinished(1000)).filter((record) => record.emailHash === emailHash);
    return [...unfinished, ...Items.map(toRecord)];
  }

  private async markSlotReleased(userId: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(userId),
          UpdateExpression: 'SET #released = :true',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#released': 'keySlotReleased' },
          ExpressionAttributeValues: { ':true': true },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }

  private key(userId: string) {
    return { PK: keys.accountDeletion(userId), SK: keys.accountDeletionSk };
  }

  private item(record: DeletionRecord): Record<string, unknown> {
    return {
      ...this.key(record.userId),
      type: ENTITY.accountDeletion,
      GSI1PK: keys.unfinishedDeletions,
      GSI1SK: `${record.requestedAt}#${record.userId}`,
      ...record,
    };
  }
}

function toRecord(item: Record<string, unknown>): DeletionRecord {
  return {
    userId: String(item['userId']),
    emailHash: String(item['emailHash']),
    requestedAt: String(item['requestedAt']),
    status: item['status'] === 'done' ? 'done' : 'running',
    steps: { ...(item['steps'] as Record<string, string> | undefined) },
    apiKey: (item['apiKey'] as AssignedApiKey | null | undefined) ?? null,
    heldKeySlot: item['heldKeySlot'] === true,
    resumeAt: (item['resumeAt'] as string | null | undefined) ?? null,
    updatedAt: String(item['updatedAt']),
    completedAt: (item['completedAt'] as string | null | undefined) ?? null,
  };
}
