/**
 * `npm run bench:export`: GET /v1/me/export of a user with 10,000 posts, run
 * by the export function's own code (createExportApi, the same handler the
 * Lambda streams) against DynamoDB Local, twice: posts of a typical length,
 * and every post at LinkedIn's 3,000-character maximum (a quarter of its
 * characters emoji, 4 bytes each in UTF-8). Prints the document's size, the
 * time to its last byte, and the memory the export added (heap and RSS,
 * sampled while it streams) against the function's 512 MB and 120 s.
 *
 * `POSTS=2000 npm run bench:export` for a quicker run.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { MAX_CONTENT_CHARACTERS } from '@contract/api/posts';
import { ensureTable } from '@lambdas/adapters/dynamodb/create-table';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import { DynamoMailSuppressionList } from '@lambdas/adapters/dynamodb/mail-suppression-list';
import { DynamoMailSettingsReader } from '@lambdas/adapters/dynamodb/mail-settings-reader';
import { HmacMediaDownloadTokens } from '@lambdas/adapters/hmac-media-download-tokens';
import { toPostItem } from '@lambdas/adapters/dynamodb/post-store';
import { DynamoUserDataStore } from '@lambdas/adapters/dynamodb/user-data-store';
import { DynamoUserStore } from '@lambdas/adapters/dynamodb/user-store';
import { newId } from '@lambdas/core/ids';
import type { Post } from '@lambdas/core/posts/post';
import type { StreamingProxyResult } from '@lambdas/handlers/http/http-api';
import { localDynamoClient, startDynamoLocal } from '../runtime/dynamodb-local';

process.env['POWERTOOLS_METRICS_DISABLED'] = 'true';
process.env['POWERTOOLS_LOG_LEVEL'] = 'SILENT';
const { createExportApi } = await import('@lambdas/handlers/export-api');
const { EXPORT_TIMEOUT_SECONDS } = await import('../../lib/stacks/api-stack');

const POSTS = Number(process.env['POSTS'] ?? 10_000);
const FUNCTION_MEMORY_MB = 512;
const TABLE_NAME = 'bench-export';

const dynamo = await startDynamoLocal({});
const client = localDynamoClient(dynamo.endpoint);
const db = createDocumentClient(client);

try {
  await ensureTable(client, TABLE_NAME);
  const typical = 'Three things I learned shipping on Fridays. '.repeat(30).slice(0, 1_300);
  const longest = ('Shipping beats perfect ' + '🚀'.repeat(8)).repeat(200).slice(0, MAX_CONTENT_CHARACTERS * 2);
  const longestContent = [...longest].slice(0, MAX_CONTENT_CHARACTERS).join('');
  console.log(`${POSTS.toLocaleString('en')} posts per user; the export function has ${FUNCTION_MEMORY_MB} MB and ${EXPORT_TIMEOUT_SECONDS} s\n`);
  console.log(`${'posts of'.padEnd(34)}${'document'.padStart(11)}${'last byte'.padStart(12)}${'heap added'.padStart(13)}${'RSS peak'.padStart(11)}`);
  for (const [label, content] of [
    ['typical length (1,300 characters)', typical],
    ['the maximum (3,000, 25% emoji)', longestContent],
  ] as const) {
    const userId = `bench-${label.split(' ')[0]}`;
    await seed(userId, content);
    const result = await measure(userId);
    console.log(
      `${label.padEnd(34)}${`${(result.bytes / 1024 / 1024).toFixed(1)} MB`.padStart(11)}${`${(result.ms / 1000).toFixed(2)} s`.padStart(12)}` +
        `${`${result.heapAddedMb.toFixed(0)} MB`.padStart(13)}${`${result.rssPeakMb.toFixed(0)} MB`.padStart(11)}`,
    );
  }
  console.log('\nMeasured on DynamoDB Local (Java + SQLite) on this machine; DynamoDB answers a 1 MB Query page faster.');
} finally {
  db.destroy();
  await dynamo.stop();
}

/** A profile and POSTS posts of `content` (25 a call: seeding, not what is measured). */
async function seed(userId: string, content: string): Promise<void> {
  const now = new Date();
  await new DynamoUserStore(db, TABLE_NAME).createIfAbsent({ userId, email: `${userId}@example.com`, tier: 'pro', createdAt: now.toISOString(), timezone: 'Europe/Paris' });
  const posts: Post[] = Array.from({ length: POSTS }, (_, i) => ({
    userId,
    id: newId(new Date(now.getTime() - i * 60_000)),
    content,
    status: i % 3 === 0 ? 'published' : 'draft',
    scheduledAt: null,
    publishedAt: i % 3 === 0 ? now.toISOString() : null,
    linkedinUrn: i % 3 === 0 ? `urn:li:share:7400000000000${String(i).padStart(6, '0')}` : null,
    error: null,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
  }));
  const writes = [];
  for (let i = 0; i < posts.length; i += 25) {
    writes.push(db.send(new BatchWriteCommand({ RequestItems: { [TABLE_NAME]: posts.slice(i, i + 25).map((post) => ({ PutRequest: { Item: toPostItem(post) } })) } })));
    if (writes.length >= 8) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
}

/** Streams the export to nowhere, counting bytes, sampling memory every 10 ms. */
async function measure(userId: string): Promise<{ bytes: number; ms: number; heapAddedMb: number; rssPeakMb: number }> {
  const api = createExportApi({
    mailSettings: new DynamoMailSettingsReader(db, TABLE_NAME),
    data: new DynamoUserDataStore(db, TABLE_NAME),
    suppression: new DynamoMailSuppressionList(db, TABLE_NAME),
    downloads: { tokens: new HmacMediaDownloadTokens('bench-app-secret-key'), apiUrl: 'http://127.0.0.1' },
    clock: { now: () => new Date() },
    postUrlBase: 'https://www.linkedin.com/feed/update/',
    meter: { count: async () => 1, admit: async () => ({ allowed: true as const, requests: 1 }) },
  });
  const event = {
    resource: '/v1/me/export',
    path: '/v1/me/export',
    httpMethod: 'GET',
    headers: {},
    queryStringParameters: null,
    requestContext: { requestId: 'bench', authorizer: { principalId: userId, userId, email: `${userId}@example.com`, tier: 'pro', apiKeyMode: 'dedicated' } },
  } as unknown as APIGatewayProxyEvent;
  const context = { functionName: 'bench-export', awsRequestId: 'bench', getRemainingTimeInMillis: () => EXPORT_TIMEOUT_SECONDS * 1000 } as unknown as Context;

  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage().heapUsed;
  let heapPeak = baseline;
  let rssPeak = process.memoryUsage().rss;
  const sample = () => {
    const usage = process.memoryUsage();
    heapPeak = Math.max(heapPeak, usage.heapUsed);
    rssPeak = Math.max(rssPeak, usage.rss);
  };
  const sampler = setInterval(sample, 10);
  const started = performance.now();
  let bytes = 0;
  try {
    const result = (await api(event, context)) as StreamingProxyResult;
    if (result.statusCode !== 200 || !result.stream) throw new Error(`the export answered ${result.statusCode}: ${result.body}`);
    for await (const chunk of result.stream) {
      bytes += Buffer.byteLength(chunk);
      sample();
    }
  } finally {
    clearInterval(sampler);
  }
  return { bytes, ms: performance.now() - started, heapAddedMb: (heapPeak - baseline) / 1024 / 1024, rssPeakMb: rssPeak / 1024 / 1024 };
}
