import { DescribeTableCommand, ScanCommand, type DynamoDBClient, type KeySchemaElement, type ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import type { RestoredTableFacts, RestoredTableInspector } from '../../core/ports/restore-test';

/**
 * Describes a restored table and reads all of it once (keys and `type` only,
 * eventually consistent: half a read unit per 4 KB), counting items by type.
 * Reading every page is the check that the data is really there and readable;
 * at 100,000 users (a few GB) it takes minutes and costs cents, once a week.
 */
export class DynamoRestoredTableInspector implements RestoredTableInspector {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly liveTableName: string,
  ) {}

  async inspect(restoredTableName: string): Promise<RestoredTableFacts> {
    const [{ Table: restored }, { Table: live }] = await Promise.all([
      this.client.send(new DescribeTableCommand({ TableName: restoredTableName })),
      this.client.send(new DescribeTableCommand({ TableName: this.liveTableName })),
    ]);
    const itemsByType: Record<string, number> = {};
    let items = 0;
    let start: ScanCommandOutput['LastEvaluatedKey'];
    do {
      const page: ScanCommandOutput = await this.client.send(
        new ScanCommand({ TableName: restoredTableName, ProjectionExpression: '#t', ExpressionAttributeNames: { '#t': 'type' }, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) {
        const type = item['type']?.S ?? '(none)';
        itemsByType[type] = (itemsByType[type] ?? 0) + 1;
      }
      items += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return {
      tableName: restoredTableName,
      status: restored?.TableStatus ?? 'UNKNOWN',
      ...keysOf(restored?.KeySchema),
      indexes: (restored?.GlobalSecondaryIndexes ?? []).map((index) => ({ indexName: index.IndexName ?? '', ...keysOf(index.KeySchema) })),
      items,
      itemsByType,
      liveItemCount: live?.ItemCount ?? 0,
    };
  }
}

function keysOf(schema: KeySchemaElement[] | undefined): { partitionKey: string | undefined; sortKey: string | undefined } {
  return {
    partitionKey: schema?.find((k) => k.KeyType === 'HASH')?.AttributeName,
    sortKey: schema?.find((k) => k.KeyType === 'RANGE')?.AttributeName,
  };
}
