import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** BatchWriteItem's most requests per call. */
const BATCH_SIZE = 25;
/** Calls with unprocessed items left before giving up (the caller's job retries the whole step). */
const MAX_ATTEMPTS = 8;

/**
 * Deletes items by key, 25 a call, handing unprocessed items (throttling) back
 * in with backoff and jitter. Unconditional and idempotent: deleting a key
 * that is gone is a no-op.
 */
export async function batchDelete(db: DynamoDBDocumentClient, tableName: string, keys: readonly { PK: string; SK: string }[]): Promise<void> {
  for (let i = 0; i < keys.length; i += BATCH_SIZE) {
    let requests = keys.slice(i, i + BATCH_SIZE).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`${requests.length} deletes still unprocessed after ${MAX_ATTEMPTS} attempts (throttled)`);
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 50 * 2 ** attempt) * (0.5 + Math.random() / 2)));
      const { UnprocessedItems } = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  }
}
