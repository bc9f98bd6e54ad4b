import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDynamoClient } from '../../bin/runtime/dynamodb-local';
import { lambdaContext } from '../../bin/runtime/proxy-event';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import { DynamoTableCheck } from '@lambdas/adapters/dynamodb/table-check';
import { HEALTH_CHECK_TIMEOUT_MS } from '@lambdas/core/health';

import { createHealthApi } from '@lambdas/handlers/health-api';
import { apiEvent } from '../support/lambda-events';
import { createTestTable } from './support/test-table';
import { systemClock } from '@lambdas/adapters/system-clock';

const getHealth = (api: ReturnType<typeof createHealthApi>) => api(apiEvent({ method: 'GET', resource: '/health' }), lambdaContext('health'));

/** A "database" that accepts connections and never answers: the slow-DB case. */
let blackHole: Server;
let blackHolePort: number;
const sockets: Socket[] = [];
beforeAll(async () => {
  blackHole = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((done) => blackHole.listen(0, '127.0.0.1', done));
  blackHolePort = (blackHole.address() as { port: number }).port;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((done) => blackHole.close(done));
});

describe('GET /health checks the table', () => {
  it('answers 200 with the database latency when the table answers', async () => {
    const { db, tableName } = await createTestTable();
    const res = await getHealth(createHealthApi({ checks: [new DynamoTableCheck(db, tableName)], clock: systemClock }));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok', checks: { database: { status: 'ok', latencyMs: expect.any(Number) } } });
    expect(res.headers?.['Cache-Control']).toBe('no-store');
  });

  it('answers 503 with Retry-After, naming the database, when DynamoDB does not answer within the timeout', async () => {
    const db = createDocumentClient(localDynamoClient(`http://127.0.0.1:${blackHolePort}`));
    const res = await getHealth(createHealthApi({ checks: [new DynamoTableCheck(db, 'any')], clock: systemClock }));
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['Retry-After']).toBe('30');
    expect(JSON.parse(res.body)).toEqual({
      error: {
        code: 'SERVICE_UNAVAILABLE',
        message: `Not healthy: database did not answer within ${HEALTH_CHECK_TIMEOUT_MS} ms.`,
        details: [{ field: 'database', message: `did not answer within ${HEALTH_CHECK_TIMEOUT_MS} ms` }],
      },
    });
    db.destroy();
  });

  it('answers 503 when the database refuses connections or the table is missing, without leaking the error', async () => {
    // A port that was free a moment ago and that nobody listens on now.
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    const port = (probe.address() as { port: number }).port;
    await new Promise((done) => probe.close(done));

    const down = createDocumentClient(localDynamoClient(`http://127.0.0.1:${port}`));
    const { db } = await createTestTable();
    for (const check of [new DynamoTableCheck(down, 'any'), new DynamoTableCheck(db, 'no-such-table')]) {
      const res = await getHealth(createHealthApi({ checks: [check], clock: systemClock, timeoutMs: 5_000 }));
      expect(res.statusCode).toBe(503);
      expect(JSON.parse(res.body).error.details).toEqual([{ field: 'database', message: 'is unreachable or refused the request' }]);
      expect(res.body).not.toMatch(/ECONNREFUSED|ResourceNotFound|no-such-table/);
    }
    down.destroy();
  });
});
