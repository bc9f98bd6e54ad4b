/**
 * The single table, as data. CDK (lib/stacks/data-stack.ts), the local runtime's
 * table creation and the tests all read this one definition, so the keys and
 * indexes cannot drift between AWS and the machine you develop on.
 *
 * Access patterns (see README "Access patterns"):
 *  - main table  PK/SK            user profile, LinkedIn connection, posts, usage counters, audit
 *  - GSI1        GSI1PK/GSI1SK    a user's posts by status, newest first  (USER#<uid>#<status> / <sortTime>#<postId>);
 *                                 in USER#<uid>#scheduled the posting schedule sorts first (#SCHEDULE#<channel>): the queue's one Query
 *  - GSI2        GSI2PK/GSI2SK    sparse: scheduled posts by due hour     (DUE#<yyyy-mm-ddThh> / <scheduledAt>#<uid>#<postId>)
 */
export interface KeySchema {
  partitionKey: string;
  sortKey: string;
}

export interface IndexDefinition extends KeySchema {
  indexName: string;
  /** ALL keeps one Query per read endpoint; items are small (< 4 KB), so the write cost is modest. */
  projection: 'ALL';
}

export interface TableDefinition extends KeySchema {
  /** Attribute DynamoDB's TTL reads (epoch seconds). */
  ttlAttribute: string;
  globalSecondaryIndexes: IndexDefinition[];
}

export const TABLE: TableDefinition = {
  partitionKey: 'PK',
  sortKey: 'SK',
  ttlAttribute: 'ttl',
  globalSecondaryIndexes: [
    { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK', projection: 'ALL' },
    { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK', projection: 'ALL' },
  ],
};

/**
 * The key GET /health reads to prove the table answers. The item need not
 * exist (a GetItem that finds nothing is an answer), and the health function's
 * IAM policy allows GetItem on this partition key only (dynamodb:LeadingKeys).
 */
export const HEALTH_SENTINEL_KEY = { PK: 'HEALTH', SK: 'HEALTH' } as const;

/** All key attributes are strings. */
export function keyAttributes(def: TableDefinition = TABLE): string[] {
  const names = [def.partitionKey, def.sortKey];
  for (const index of def.globalSecondaryIndexes) names.push(index.partitionKey, index.sortKey);
  return [...new Set(names)];
}
