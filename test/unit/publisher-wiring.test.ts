import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENV } from '@contract/environment';
import { toPostItem } from '@lambdas/adapters/dynamodb/post-store';
import { publisherDeps } from '@lambdas/wiring/aws/publishing-deps';
import { scheduledPostFixture } from '../support/post-fixture';

/**
 * The AWS publisher's post store, as publisherDeps builds it. On a 401 the
 * publisher fails the user's other due posts a page (100) at a time, so its
 * store must hand out cursors, though the publisher has no cursor signing key
 * (no app secret): it once had no codec, and a user with 100 due posts made the
 * publisher throw (test/unit/publish-post.test.ts covers the paging itself).
 */
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const post = scheduledPostFixture({ userId: 'ada', scheduledAt: '2026-11-25T08:00:00.000Z' });

describe('the AWS publisher\'s post store', () => {
  it('pages through a full page of due posts (a cursor signed in-process, never shown to anyone)', async () => {
    vi.stubEnv(ENV.tableName, 'table');
    vi.stubEnv(ENV.tokenKeyArn, 'arn:aws:kms:eu-west-1:1:key/k');
    vi.stubEnv(ENV.eventBusName, 'bus');
    vi.stubEnv(ENV.publishQueueUrl, 'https://sqs.test/q');
    vi.stubEnv(ENV.mediaBucket, 'media-bucket');
    const item = toPostItem(post);
    const lastKey = { PK: item.PK, SK: item.SK, GSI1PK: item.GSI1PK, GSI1SK: item.GSI1SK };
    const queries: Record<string, unknown>[] = [];
    vi.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(async (command: unknown) => {
      if (!(command instanceof QueryCommand)) throw new Error('only queries expected');
      queries.push(command.input);
      return queries.length === 1 ? { Items: [item], LastEvaluatedKey: lastKey } : { Items: [] };
    });
    const { posts } = await publisherDeps(() => undefined);
    const query = { status: 'scheduled' as const, to: '2026-11-25T09:00:00.001Z', limit: 1 };

    const first = await posts.list('ada', query);
    const second = await posts.list('ada', { ...query, cursor: first.nextCursor! });

    expect(first).toEqual({ items: [post], nextCursor: expect.any(String) });
    expect(second).toEqual({ items: [], nextCursor: null });
    expect(queries[1]).toMatchObject({ IndexName: 'GSI1', ExclusiveStartKey: lastKey });
  });
});
