import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { localDynamoClient } from '../../../bin/runtime/dynamodb-local';
import { ensureTable } from '@lambdas/adapters/dynamodb/create-table';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';

/** A fresh table (from the shared definition) in the shared DynamoDB Local, for adapter tests. */
export async function createTestTable() {
  const client = localDynamoClient(inject('dynamoEndpoint'));
  const tableName = `test-${randomUUID()}`;
  await ensureTable(client, tableName);
  return { client, db: createDocumentClient(client), tableName };
}
