import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { inject, describe, expect, it } from 'vitest';
import { CursorCodec } from '@lambdas/adapters/cursor-codec';
import { keys } from '@lambdas/adapters/dynamodb/keys';
import { DynamoPostStore } from '@lambdas/adapters/dynamodb/post-store';
import { DynamoUserStore } from '@lambdas/adapters/dynamodb/user-store';
import { newId } from '@lambdas/core/ids';
import { revise, type Post } from '@lambdas/core/posts/post';
import { postCountsOf } from '@lambdas/core/users/user';
import { runRecountCommand } from '../../bin/recount-posts-command';
import { createTestTable } from './support/test-table';

/**
 * `npm run recount-posts`: the counts by status that the post store keeps on the
 * profile, counted again from the status index and written back, for a stage
 * whose posts predate the counts (or a repair).
 */
describe('npm run recount-posts (against DynamoDB Local)', () => {
  it('counts each user\'s posts by status and writes the counts, saying what it corrected', async () => {
    const { db, tableName } = await createTestTable();
    const users = new DynamoUserStore(db, tableName);
    const posts = new DynamoPostStore(db, tableName, new CursorCodec('recount-test-cursor-key'));
    const T0 = new Date('2026-11-25T09:00:00.000Z');
    const make = async (userId: string, statuses: Post['status'][]) => {
      await users.createIfAbsent({ userId, email: `${userId}@example.com`, tier: 'free', createdAt: T0.toISOString(), timezone: null });
      for (const status of statuses) {
        const draft: Post = { userId, id: newId(T0), content: `${status} ${randomUUID()}`, status: 'draft', scheduledAt: null, publishedAt: null, linkedinUrn: null, error: null, createdAt: T0.toISOString(), updatedAt: T0.toISOString(), version: 1 };
        await posts.create(draft);
        if (status !== 'draft') await posts.update(revise(draft, { status, scheduledAt: T0.toISOString() }, T0), draft);
      }
    };
    const ada = `ada-${randomUUID()}`;
    const bob = `bob-${randomUUID()}`;
    await make(ada, ['draft', 'failed', 'failed', 'waiting', 'published']);
    await make(bob, ['scheduled']);
    // As on a stage whose posts were written before the counts existed: nothing counted, or counted wrong.
    await db.send(
      new UpdateCommand({ TableName: tableName, Key: { PK: keys.user(ada), SK: keys.profileSk }, UpdateExpression: 'REMOVE draftPosts, waitingPosts SET failedPosts = :wrong', ExpressionAttributeValues: { ':wrong': -1 } }),
    );

    const lines: string[] = [];
    const code = await runRecountCommand(['--table', tableName, '--endpoint', inject('dynamoEndpoint'), '--region', 'local'], { out: (line) => lines.push(line), env: {} });

    expect(code).toBe(0);
    expect(postCountsOf((await users.get(ada))!)).toEqual({ draft: 1, scheduled: 0, waiting: 1, publishing: 0, published: 1, failed: 2 });
    expect(postCountsOf((await users.get(bob))!)).toEqual({ draft: 0, scheduled: 1, waiting: 0, publishing: 0, published: 0, failed: 0 });
    expect(lines).toContain(`${ada}: draft 0 -> 1, waiting 0 -> 1, failed -1 -> 2`);
    expect(lines.at(-1)).toMatch(/^recount-posts: 2 user\(s\) counted in DynamoDB Local at .*; 1 had counts to correct\.$/);

    // One user only, and nothing left to correct.
    lines.length = 0;
    expect(await runRecountCommand(['--user', ada, '--table', tableName, '--endpoint', inject('dynamoEndpoint'), '--region', 'local'], { out: (line) => lines.push(line), env: {} })).toBe(0);
    expect(lines).toEqual([expect.stringMatching(/^recount-posts: 1 user\(s\) counted .*; 0 had counts to correct\.$/)]);
  });
});
