import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AccountGoneError } from '../../core/errors';
import { cancellationReasons } from './document-client';
import { keys } from './keys';

/** A transaction's check that the user's profile exists (their account is not deleted). */
export function profileExistsCheck(tableName: string, userId: string) {
  return { ConditionCheck: { TableName: tableName, Key: { PK: keys.user(userId), SK: keys.profileSk }, ConditionExpression: 'attribute_exists(PK)' } };
}

/**
 * Puts an item of the user's data, in one transaction with a check that their
 * profile exists: once an account is deleted (its profile goes first), not even
 * a request let through by a cached authorization can write for it
 * (AccountGoneError, which the API answers with 401).
 */
export async function putForExistingUser(
  db: DynamoDBDocumentClient,
  tableName: string,
  userId: string,
  item: Record<string, unknown>,
  /** The put's own condition, if any (e.g. `attribute_not_exists(PK)`); failing it throws the transaction's error as is. */
  condition?: string,
  /** Further puts in the same transaction (e.g. an audit event), after the check. */
  alsoPut: Record<string, unknown>[] = [],
): Promise<void> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: item, ...(condition ? { ConditionExpression: condition } : {}) } },
          profileExistsCheck(tableName, userId),
          ...alsoPut.map((put) => ({ Put: put as { TableName: string; Item: Record<string, unknown> } })),
        ],
      }),
    );
  } catch (error) {
    if (cancellationReasons(error)?.[1] === 'ConditionalCheckFailed') throw new AccountGoneError();
    throw error;
  }
}
