import { GetCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StaleWriteError } from '../../core/errors';
import type { AssignedApiKey } from '../../contract/usage-plans';
import type { ApiKeyRegistry, KeyClaim, KeyHolder } from '../../core/ports/api-key-registry';
import { isConditionalCheckFailure } from './document-client';
import { ENTITY, keys, PROFILE_KEY_ATTRIBUTES as A } from './keys';

/**
 * The API key registry on the single table: a user's key, claim and budget slot
 * live on their profile item; each pooled plan's shared key on an
 * `APIKEY_POOL / PLAN#<plan>` item; the dedicated-key count on one
 * `APIKEY_BUDGET / DEDICATED` item. Those are written once per new key, never per request.
 */
export class DynamoApiKeyRegistry implements ApiKeyRegistry {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(holder: KeyHolder): Promise<AssignedApiKey | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: itemKey(holder), ConsistentRead: true }));
    return Item?.[A.key] as AssignedApiKey | undefined;
  }

  async claim(holder: KeyHolder, token: string, now: number, leaseMs: number): Promise<KeyClaim> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: itemKey(holder),
          UpdateExpression: 'SET #claim = :claim' + ('pool' in holder ? ', #type = :type' : ''),
          // A user's claim needs their profile (the authorizer creates it first); a pool item is created by its first claim.
          ConditionExpression:
            ('pool' in holder ? '' : 'attribute_exists(PK) AND ') +
            'attribute_not_exists(#key) AND (attribute_not_exists(#claim) OR #claim.#expires < :now)',
          ExpressionAttributeNames: { '#claim': A.claim, '#expires': 'expiresAt', '#key': A.key, ...('pool' in holder ? { '#type': 'type' } : {}) },
          ExpressionAttributeValues: {
            ':claim': { token, expiresAt: now + leaseMs },
            ':now': now,
            ...('pool' in holder ? { ':type': ENTITY.apiKeyPool } : {}),
          },
        }),
      );
      return { status: 'claimed' };
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: itemKey(holder), ConsistentRead: true }));
    if (!Item) throw new Error(`No profile for ${JSON.stringify(holder)}: create the user before their key`);
    const key = Item[A.key] as AssignedApiKey | undefined;
    return key ? { status: 'assigned', key } : { status: 'busy' };
  }

  async assign(holder: KeyHolder, token: string, key: AssignedApiKey): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: itemKey(holder),
          UpdateExpression: 'SET #key = :key REMOVE #claim',
          ConditionExpression: '#claim.#token = :token',
          ExpressionAttributeNames: { '#key': A.key, '#claim': A.claim, '#token': 'token' },
          ExpressionAttributeValues: { ':key': key, ':token': token },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailure(error)) throw new StaleWriteError('The API key claim was taken over');
      throw error;
    }
  }

  async reserveDedicated(userId: string, cap: number): Promise<boolean> {
    if (cap <= 0) return false;
    try {
      await this.budgetAndSlot(userId, {
        budget: {
          UpdateExpression: 'SET #n = if_not_exists(#n, :zero) + :one, #type = :type',
          ConditionExpression: 'attribute_not_exists(#n) OR #n < :cap',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':cap': cap, ':type': ENTITY.apiKeyBudget },
        },
        slot: { UpdateExpression: 'SET #slot = :true', ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(#slot)' },
      });
      return true;
    } catch (error) {
      const reasons = cancellationCodes(error);
      if (!reasons) throw error;
      // The profile already holds a slot (a retried provisioning): it counts once, and it is theirs.
      if (reasons[1] === 'ConditionalCheckFailed') return this.holdsSlot(userId);
      if (reasons[0] === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  async releaseDedicated(userId: string): Promise<void> {
    try {
      await this.budgetAndSlot(userId, {
        budget: { UpdateExpression: 'SET #n = #n - :one', ConditionExpression: '#n > :zero' },
        slot: { UpdateExpression: 'REMOVE #slot', ConditionExpression: '#slot = :true' },
      });
    } catch (error) {
      // Nothing to give back (already released): releasing is idempotent.
      if (!cancellationCodes(error)) throw error;
    }
  }

  async dedicatedCount(): Promise<number> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: keys.apiKeyBudget, SK: keys.apiKeyBudgetSk }, ConsistentRead: true }),
    );
    return Number(Item?.['count'] ?? 0);
  }

  /** Changes the dedicated-key count (`#n`, with `:zero`, `:one`) and the user's slot flag (`#slot`, `:true`) together, or neither. */
  private budgetAndSlot(
    userId: string,
    change: {
      budget: { UpdateExpression: string; ConditionExpression: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> };
      slot: { UpdateExpression: string; ConditionExpression: string };
    },
  ) {
    return this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: { PK: keys.apiKeyBudget, SK: keys.apiKeyBudgetSk },
              ...change.budget,
              ExpressionAttributeNames: { '#n': 'count', ...change.budget.ExpressionAttributeNames },
              ExpressionAttributeValues: { ':zero': 0, ':one': 1, ...change.budget.ExpressionAttributeValues },
            },
          },
          {
            Update: {
              TableName: this.tableName,
              Key: { PK: keys.user(userId), SK: keys.profileSk },
              ...change.slot,
              ExpressionAttributeNames: { '#slot': A.slot },
              ExpressionAttributeValues: { ':true': true },
            },
          },
        ],
      }),
    );
  }

  private async holdsSlot(userId: string): Promise<boolean> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: keys.user(userId), SK: keys.profileSk }, ConsistentRead: true }),
    );
    if (!Item) throw new Error(`No profile for ${userId}: create the user before their key`);
    return Item[A.slot] === true;
  }
}

function itemKey(holder: KeyHolder): { PK: string; SK: string } {
  return 'pool' in holder ? { PK: keys.apiKeyPool, SK: keys.apiKeyPoolSk(holder.pool) } : { PK: keys.user(holder.userId), SK: keys.profileSk };
}

/** The per-item cancellation codes of a cancelled transaction, or undefined for any other error. */
function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  if (!(error instanceof Error && error.name === 'TransactionCanceledException')) return undefined;
  return ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((reason) => reason.Code);
}
