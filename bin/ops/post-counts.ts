import { QueryCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { POST_STATUSES } from '@contract/api/posts';
import type { PostCounts } from '@contract/api/account';
import { ENTITY, keys } from '@lambdas/adapters/dynamodb/keys';
import { postCountAttribute } from '@lambdas/core/users/user';

/**
 * Operator tools for the post counts on the profile (`<status>Posts`, kept by
 * the post store): count a user's posts from the status index and write the
 * counts. For a deployment that had posts before the counts existed, and for
 * repairs; `npm run recount-posts` runs it. A post that changes status between
 * the count and the write leaves that count off by one, so run it when the app
 * is quiet (or twice).
 */

/** The user's posts in each status, counted on GSI1 (one COUNT query a status, paged). */
export async function countPostsByStatus(db: DynamoDBDocumentClient, tableName: string, userId: string): Promise<PostCounts> {
  const counts = {} as PostCounts;
  for (const status of POST_STATUSES) {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          // From the posts' floor: the scheduled partition also holds the posting schedule's copy.
          KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK >= :floor',
          ExpressionAttributeValues: { ':pk': keys.postsByStatus(userId, status), ':floor': keys.postIndexFloor },
          Select: 'COUNT',
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      count += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    counts[status] = count;
  }
  return counts;
}

/** Counts the user's posts and writes the counts on their profile; returns what the profile said before (absent and negative as stored) and now. */
export async function recountPosts(db: DynamoDBDocumentClient, tableName: string, userId: string): Promise<{ before: Partial<Record<string, number>>; after: PostCounts }> {
  const after = await countPostsByStatus(db, tableName, userId);
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  POST_STATUSES.forEach((status, i) => {
    names[`#c${i}`] = postCountAttribute(status);
    values[`:c${i}`] = after[status];
  });
  const { Attributes } = await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { PK: keys.user(userId), SK: keys.profileSk },
      UpdateExpression: `SET ${POST_STATUSES.map((_, i) => `#c${i} = :c${i}`).join(', ')}`,
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'UPDATED_OLD',
    }),
  );
  return { before: Object.fromEntries(POST_STATUSES.map((status) => [status, Attributes?.[postCountAttribute(status)] as number | undefined])), after };
}

/** Every user id with a profile (a Scan: an operator's tool, never a request's). */
export async function* profileUserIds(db: DynamoDBDocumentClient, tableName: string): AsyncGenerator<string> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'SK = :profile AND #type = :user',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':profile': keys.profileSk, ':user': ENTITY.user },
        ProjectionExpression: 'userId',
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) if (typeof item['userId'] === 'string') yield item['userId'];
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}
