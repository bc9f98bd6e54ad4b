import { BatchWriteCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { POST_STATUSES } from '@contract/api/posts';
import { toPostItem } from '@lambdas/adapters/dynamodb/post-store';
import type { Post } from '@lambdas/core/posts/post';
import { postIn } from '../../support/post-states';

/** Writes `count` posts of the user straight into the table, cycling through every status (25 a call: seeding, not the API). */
export async function seedPosts(db: DynamoDBDocumentClient, tableName: string, userId: string, count: number, at: Date): Promise<Post[]> {
  const posts = Array.from({ length: count }, (_, i) => postIn(POST_STATUSES[i % POST_STATUSES.length]!, userId, at, i));
  for (let i = 0; i < posts.length; i += 25) {
    await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: posts.slice(i, i + 25).map((post) => ({ PutRequest: { Item: toPostItem(post) } })) } }));
  }
  return posts;
}

/** Every item of the table (a Scan, page by page): what a look at the whole table finds. */
export async function scanAll(db: DynamoDBDocumentClient, tableName: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Items that mention `needle` anywhere: in a key, an index key or any attribute. */
export function itemsMentioning(items: Record<string, unknown>[], needle: string): Record<string, unknown>[] {
  return items.filter((item) => JSON.stringify(item).includes(needle));
}
