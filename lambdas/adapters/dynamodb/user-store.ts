import { GetCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AccountGoneError, StaleWriteError } from '../../core/errors';
import type { TierName } from '../../contract/tiers';
import type { AssignedApiKey } from '../../contract/usage-plans';
import type { UserProfile } from '../../core/users/user';
import type { UserStore } from '../../core/ports/user-store';
import { cancellationReasons, isConditionalCheckFailure } from './document-client';
import { ENTITY, keys, PROFILE_KEY_ATTRIBUTES } from './keys';
import { scheduleZoneUpdate } from './queue-store';
import { emptyTakenItem } from './taken-instants';
import { planningZone } from '../../core/queue/posting-schedule';
import { DEFAULT_CHANNEL } from '../../contract/api/queue';

/** Table keys and the API key registry's bookkeeping (claims, budget slot): not part of the profile. */
const KEY_ATTRIBUTES = ['PK', 'SK', 'type', PROFILE_KEY_ATTRIBUTES.claim, PROFILE_KEY_ATTRIBUTES.slot] as const;

/** The profile as the domain sees it, from its item (the export reads it so too). */
export function fromProfileItem(item: Record<string, unknown>): UserProfile {
  const profile = { ...item };
  for (const key of KEY_ATTRIBUTES) delete profile[key];
  return profile as unknown as UserProfile;
}

export class DynamoUserStore implements UserStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(userId: string): Promise<UserProfile | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: keys.user(userId), SK: keys.profileSk } }),
    );
    return Item ? fromProfileItem(Item) : undefined;
  }

  /**
   * The profile's zone, and its copy on the posting schedule (the queue's index reads it there, with
   * the scheduled posts, in one Query), in one transaction.
   */
  async setTimezone(userId: string, timezone: string): Promise<boolean> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: { PK: keys.user(userId), SK: keys.profileSk },
                UpdateExpression: 'SET #tz = :tz',
                ConditionExpression: 'attribute_exists(PK)',
                ExpressionAttributeNames: { '#tz': 'timezone' },
                ExpressionAttributeValues: { ':tz': timezone },
              },
            },
            { Update: scheduleZoneUpdate(this.tableName, userId, DEFAULT_CHANNEL, timezone) },
          ],
        }),
      );
    } catch (error) {
      const reasons = cancellationReasons(error);
      // Conditional on the profile: the account went meanwhile (the use case answers 401).
      if (reasons?.[0] === 'ConditionalCheckFailed') return false;
      // The schedule was being written by another request at the same moment: the use case tries again.
      if (reasons?.includes('TransactionConflict')) throw new StaleWriteError('The posting schedule was being written');
      throw error;
    }
    return true;
  }

  markActiveOn(userId: string, day: string): Promise<boolean> {
    return this.moveForward(userId, 'lastActiveDay', day);
  }

  markSignedIn(userId: string, authTime: string): Promise<boolean> {
    return this.moveForward(userId, 'lastSignInAt', authTime);
  }

  /**
   * SET attribute = value only if it is absent or older (ISO strings order as
   * time does). "Only forward" rather than "different": two functions whose
   * clocks straddle midnight cannot flip the day back and count a user twice.
   */
  private async moveForward(userId: string, attribute: 'lastActiveDay' | 'lastSignInAt', value: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: keys.user(userId), SK: keys.profileSk },
          UpdateExpression: 'SET #a = :v',
          ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(#a) OR #a < :v)',
          ExpressionAttributeNames: { '#a': attribute },
          ExpressionAttributeValues: { ':v': value },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  async changeTier(userId: string, change: { from: TierName; to: TierName; apiKey?: AssignedApiKey }): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: keys.user(userId), SK: keys.profileSk },
          UpdateExpression: change.apiKey ? 'SET #tier = :to, #key = :key' : 'SET #tier = :to',
          ConditionExpression: 'attribute_exists(PK) AND #tier = :from',
          ExpressionAttributeNames: { '#tier': 'tier', ...(change.apiKey ? { '#key': PROFILE_KEY_ATTRIBUTES.key } : {}) },
          ExpressionAttributeValues: { ':from': change.from, ':to': change.to, ...(change.apiKey ? { ':key': change.apiKey } : {}) },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailure(error)) throw new StaleWriteError(`The tier of ${userId} is no longer ${change.from}`);
      throw error;
    }
  }

  /**
   * One transaction: the profile, unless it exists, and only if this user id
   * was never deleted (AccountGoneError otherwise): a deleted user's unexpired
   * token must not bring an empty account back under the old id.
   */
  async createIfAbsent(profile: UserProfile): Promise<{ profile: UserProfile; created: boolean }> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { PK: keys.user(profile.userId), SK: keys.profileSk, type: ENTITY.user, ...profile },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              ConditionCheck: {
                TableName: this.tableName,
                Key: { PK: keys.accountDeletion(profile.userId), SK: keys.accountDeletionSk },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            // The posting schedule's defaults with the zone their slots are read in (UTC until one is
            // set), so the queue's index holds them from the start (GET /v1/queue: one Query).
            { Update: scheduleZoneUpdate(this.tableName, profile.userId, DEFAULT_CHANNEL, planningZone(profile.timezone)) },
            // No post yet, so no instant taken: the queue trusts the item from the start (no build).
            { Put: { TableName: this.tableName, Item: emptyTakenItem(profile.userId) } },
          ],
        }),
      );
      return { profile, created: true };
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[1] === 'ConditionalCheckFailed') throw new AccountGoneError(`User ${profile.userId} was deleted`);
      if (reasons?.[0] !== 'ConditionalCheckFailed') throw error;
      // Lost the race to a concurrent first request (or simply not the first): read what is there.
      const existing = await this.get(profile.userId);
      if (!existing) throw error;
      return { profile: existing, created: false };
    }
  }
}
