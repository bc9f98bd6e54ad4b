import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { localDynamoClient, startDynamoLocal } from '../../bin/runtime/dynamodb-local';

/** Local addresses (hex ip:port) of listening TCP sockets, from /proc (Linux). */
function listeners(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols[3] === '0A' && cols[1]?.endsWith(`:${hexPort}`))
      .map((cols) => cols[1]!),
  );
}

describe.skipIf(process.platform !== 'linux')('DynamoDB Local', () => {
  it('listens on the loopback interface only', async () => {
    const dynamo = await startDynamoLocal();
    try {
      const port = Number(new URL(dynamo.endpoint).port);
      const addresses = listeners(port);
      expect(addresses.length).toBeGreaterThan(0);
      // 0100007F = 127.0.0.1 (IPv4); 0000000000000000FFFF00000100007F = ::ffff:127.0.0.1 (IPv6-mapped).
      for (const address of addresses) expect(address).toMatch(/^(0100007F|0000000000000000FFFF00000100007F):/);
    } finally {
      await dynamo.stop();
    }
  });

  it('runs every thread of the emulator at the niceness it is given (npm start: below the API\'s event loop), and answers', async () => {
    const niceOf = (stat: string) => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    const dynamo = await startDynamoLocal({ niceness: 10 });
    try {
      const client = localDynamoClient(dynamo.endpoint);
      // The first answer comes once the JVM has started its server's threads.
      await client.send(new CreateTableCommand({ TableName: 'niced', AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
      client.destroy();
      expect(readFileSync(`/proc/${dynamo.pid}/cmdline`, 'utf8')).toContain('DynamoDBLocal');
      const threads = readdirSync(`/proc/${dynamo.pid}/task`);
      expect(threads.length).toBeGreaterThan(10);
      expect(new Set(threads.map((tid) => niceOf(readFileSync(`/proc/${dynamo.pid}/task/${tid}/stat`, 'utf8'))))).toEqual(new Set([10 + niceOf(readFileSync('/proc/self/stat', 'utf8'))]));
    } finally {
      await dynamo.stop();
    }
  });

  it('has committed a transaction it answered: SIGKILL right after the answer loses none of it', async () => {
    // DynamoDB Local queues a transaction's COMMIT and answers before it runs; killed in between, it rolls the
    // transaction back on restart. Without localDynamoClient's wait for the commit this lost 1 or 2 of these 5
    // rounds (7 of 12 with smaller transactions; a PutItem, committed before its answer, 0 of 12).
    const dataDir = mkdtempSync(join(tmpdir(), 'mark0-ddb-commit-'));
    const rounds = 5;
    const lost: string[] = [];
    try {
      for (let round = 0; round <= rounds; round++) {
        const dynamo = await startDynamoLocal({ dataDir });
        const client = localDynamoClient(dynamo.endpoint);
        try {
          if (round === 0) {
            await client.send(
              new CreateTableCommand({
                TableName: 'commits',
                AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
                KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
                BillingMode: 'PAY_PER_REQUEST',
              }),
            );
          } else {
            const { Item } = await client.send(new GetItemCommand({ TableName: 'commits', Key: { PK: { S: `round ${round - 1} item 0` } }, ConsistentRead: true }));
            if (!Item) lost.push(`round ${round - 1}`);
          }
          if (round === rounds) break;
          // A few pages of data, so the COMMIT has something to write.
          const items = Array.from({ length: 100 }, (_, i) => ({ PK: { S: `round ${round} item ${i}` }, data: { S: 'x'.repeat(8000) } }));
          await client.send(new TransactWriteItemsCommand({ TransactItems: items.map((Item) => ({ Put: { TableName: 'commits', Item } })) }));
          process.kill(Number(readFileSync(join(dataDir, 'dynamodb-local.pid'), 'utf8')), 'SIGKILL');
        } finally {
          client.destroy();
          await dynamo.stop();
        }
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(lost, 'transactions answered, then lost to a SIGKILL').toEqual([]);
  }, 120_000);
});
