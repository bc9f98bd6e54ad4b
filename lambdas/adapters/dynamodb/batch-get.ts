import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Rounds before giving up on keys DynamoDB left unprocessed (it does so only when throttled). */
const MAX_ROUNDS = 4;

/**
 * The items of `keys` (those that exist) in one BatchGetItem, strongly
 * consistent. DynamoDB may leave keys unprocessed under throttling: those are
 * asked again, a few times with a short pause, which is the only case where
 * the read costs more than one call.
 */
export async function consistentBatchGet(db: DynamoDBDocumentClient, tableName: string, keys: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  let pending = keys;
  const items: Record<string, unknown>[] = [];
  for (let round = 0; pending.length > 0; round++) {
    if (round >= MAX_ROUNDS) throw new Error(`BatchGetItem left ${pending.length} key(s) unprocessed after ${MAX_ROUNDS} rounds`);
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** round));
    const { Responses, UnprocessedKeys } = await db.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }));
    items.push(...(Responses?.[tableName] ?? []));
    pending = (UnprocessedKeys?.[tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
  }
  return items;
}
