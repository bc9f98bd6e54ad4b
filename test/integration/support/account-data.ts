import { BatchWriteCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { POST_STATUSES, type PostStatus } from '@contract/api/posts';
import { toPostItem } from '@lambdas/adapters/dynamodb/post-store';
import { newId } from '@lambdas/core/ids';
import type { Post } from '@lambdas/core/posts/post';

/**
 * A post in `status` with the fields that status carries (a schedule, a lease,
 * LinkedIn's URN, a reason), as the publishing pipeline would have left it.
 */
export function postIn(status: PostStatus, userId: string, at: Date, index: number): Post {
  const iso = (minutes: number) => new Date(at.getTime() + minutes * 60_000).toISOString();
  const base: Post = {
    userId,
    id: newId(new Date(at.getTime() + index)),
    content: `Post ${index} (${status}): what we learned shipping on Fridays.\n\nA second paragraph, with #hashtags and (brackets).`,
    status,
    scheduledAt: null,
    publishedAt: null,
    linkedinUrn: null,
    error: null,
    createdAt: iso(-60),
    updatedAt: iso(-30),
    version: 3,
  };
  switch (status) {
    case 'scheduled':
      return { ...base, scheduledAt: iso(60 + index) };
    case 'waiting':
      return { ...base, scheduledAt: iso(-10) };
    case 'publishing':
      return { ...base, scheduledAt: iso(-1), leaseUntil: iso(1), attempts: 1 };
    case 'published':
      return { ...base, scheduledAt: iso(-20), publishedAt: iso(-20), linkedinUrn: `urn:li:share:74${String(index).padStart(17, '0')}` };
    case 'failed':
      return { ...base, error: { code: 'LINKEDIN_REJECTED', message: 'LinkedIn refused the post: duplicate content.' } };
    case 'draft':
      return base;
  }
}

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
