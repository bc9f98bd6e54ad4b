import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startDynamoLocal } from '../../bin/runtime/dynamodb-local';

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
});
