import { describe, expect, it } from 'vitest';
import { judgeRestoredTable, tableNameFromArn } from '@lambdas/core/restore-validation';
import { TABLE } from '@contract/table-definition';
import type { RestoredTableFacts } from '@lambdas/core/ports/restore-test';

const good: RestoredTableFacts = {
  tableName: 'awsbackup-restore-test-abc',
  status: 'ACTIVE',
  partitionKey: 'PK',
  sortKey: 'SK',
  indexes: TABLE.globalSecondaryIndexes.map((i) => ({ indexName: i.indexName, partitionKey: i.partitionKey, sortKey: i.sortKey })),
  items: 980,
  itemsByType: { USER: 100, POST: 880 },
  liveItemCount: 1_000,
};

describe('judging a restored table', () => {
  it('passes an ACTIVE table with the defined keys and indexes and about the live item count, saying what it found', () => {
    expect(judgeRestoredTable(good)).toEqual({
      status: 'SUCCESSFUL',
      message: 'Restored table awsbackup-restore-test-abc is ACTIVE with the expected keys and indexes and 980 items (POST 880, USER 100); live table about 1000.',
    });
  });

  it('passes an empty restore of an empty table (a new deployment)', () => {
    expect(judgeRestoredTable({ ...good, items: 0, itemsByType: {}, liveItemCount: 0 }).status).toBe('SUCCESSFUL');
  });

  it.each([
    ['a table still CREATING', { status: 'CREATING' }, /is CREATING, not ACTIVE/],
    ['other keys', { partitionKey: 'id', sortKey: undefined }, /keys are id\/undefined, expected PK\/SK/],
    ['a missing index', { indexes: good.indexes.slice(0, 1) }, /index GSI2 is missing/],
    ['an index with other keys', { indexes: [good.indexes[0]!, { indexName: 'GSI2', partitionKey: 'x', sortKey: 'y' }] }, /index GSI2 has other keys/],
    ['less than half of the live items', { items: 499, liveItemCount: 1_000 }, /holds 499 items, fewer than 500 \(50% of the live table's 1000\)/],
    ['nothing, when the live table has items', { items: 0, itemsByType: {}, liveItemCount: 1 }, /holds 0 items/],
  ])('fails %s, saying why', (_name, change, reason) => {
    const verdict = judgeRestoredTable({ ...good, ...change } as RestoredTableFacts);
    expect(verdict.status).toBe('FAILED');
    expect(verdict.message).toMatch(reason);
  });

  it('reads the table name from the restored resource ARN, and nothing else', () => {
    expect(tableNameFromArn('arn:aws:dynamodb:eu-west-1:123456789012:table/awsbackup-restore-test-1a2b')).toBe('awsbackup-restore-test-1a2b');
    expect(tableNameFromArn('arn:aws:dynamodb:eu-west-1:123456789012:table/t/index/GSI1')).toBeUndefined();
    expect(tableNameFromArn('arn:aws:s3:::bucket')).toBeUndefined();
  });
});
