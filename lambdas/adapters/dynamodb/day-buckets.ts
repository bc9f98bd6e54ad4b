import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const DAY_MS = 86_400_000;

/**
 * Every item of a sparse GSI2 partitioned by day (`<PREFIX>#<yyyy-mm-dd>`) whose sort key, which starts with
 * an ISO instant, lies in [from, to]: one Query per day (all pages), oldest day first. Eventually consistent.
 */
export async function queryDayBuckets(
  db: DynamoDBDocumentClient,
  tableName: string,
  query: { bucket: (iso: string) => string; from: Date; to: Date; projection: string },
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  const firstDay = Date.parse(`${query.from.toISOString().slice(0, 10)}T00:00:00.000Z`);
  for (let day = firstDay; day <= query.to.getTime(); day += DAY_MS) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK BETWEEN :from AND :to',
          // `<instant>#…`: '#' sorts before any later instant's digits, '\uffff' after anything at `to`.
          ExpressionAttributeValues: { ':pk': query.bucket(new Date(day).toISOString()), ':from': `${query.from.toISOString()}#`, ':to': `${query.to.toISOString()}#\uffff` },
          ProjectionExpression: query.projection,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return items;
}
