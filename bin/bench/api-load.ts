/**
 * The load benchmark (issue 15, item 3): the local runtime under 1,000
 * connections, each a distinct signed-in user, running the web app's mix —
 * 60% list, 20% get, 20% edit, plus 5% schedule — limits lifted
 * (MARK0_LIMITS=off: tier throttles, quotas, per-IP and stage throttles), but
 * Lambda's concurrency modelled as deployed (contract/function-capacity.ts),
 * so overload is refused at once (503 + Retry-After) rather than queued. In the
 * same run, the floor: GET /health (gateway, one trivial function, one GetItem)
 * and a bare DynamoDB Local GetItem from this process, at the same concurrency.
 *
 *   BENCH_SECONDS=60 (each phase) CONNECTIONS=1000 POSTS_PER_USER=2 npx tsx bin/bench/api-load.ts
 *
 * Part of `npm run bench` (bin/bench/bench.ts), which writes bench-results.json.
 */
import { pathToFileURL } from 'node:url';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { Agent } from 'node:http';
import { HEALTH_SENTINEL_KEY } from '@contract/table-definition';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import { DynamoLinkedInConnectionStore } from '@lambdas/adapters/dynamodb/linkedin-connection-store';
import { LOCAL_AWS } from '../runtime/dynamodb-local';
import { runLoad, type RequestSpec } from './load/http-load';
import { startLocalServer, type LocalServer } from './load/local-server';
import { politely } from './load/politely';
import { printPhase, summarize, type PhaseSummary, type Sample } from './load/stats';

export interface ApiLoadResults {
  connections: number;
  users: number;
  secondsPerPhase: number;
  mix: PhaseSummary;
  floor: { health: PhaseSummary; getItem: PhaseSummary };
  ratios: {
    /** Mix 2xx per second ÷ /health 2xx per second (target ≥ 0.5). */
    mixThroughputOverHealth: number;
    /** Mix p99 ÷ /health p99, over answered requests (target ≤ 2). */
    apiP99OverHealthP99: number;
    /** Mix p99 ÷ bare GetItem p99. */
    apiP99OverGetItemP99: number;
  };
  /** DynamoDB calls per route during the mix, counted by the runtime's SDK middleware (GET /local/db-calls). */
  dynamodbCallsPerRoute: Record<string, { invocations: number; callsPerInvocation: number; max: number }>;
  /** Invocations Lambda's modelled concurrency refused, per function, during the mix. */
  throttledInvocations: Record<string, number>;
  targets: { noServerErrors: boolean; throughput: boolean; p99: boolean };
}

interface User {
  auth: string;
  userId: string;
  postIds: string[];
}

const MIX: readonly [op: string, share: number][] = [
  ['GET /v1/posts', 57],
  ['GET /v1/posts/{id}', 19],
  ['PATCH /v1/posts/{id}', 19],
  ['POST /v1/posts/{id}/schedule', 5],
];

export async function runApiLoadBench(options: { seconds: number; connections: number; postsPerUser: number }): Promise<ApiLoadResults> {
  const { seconds, connections, postsPerUser } = options;
  const warmUpSeconds = Math.max(1, Math.round(seconds / 10));
  const server = await startLocalServer();
  try {
    console.log(`Load benchmark: ${connections} connections, each a signed-in user; ${seconds} s per phase (+${warmUpSeconds} s warm-up), local runtime at ${server.url}`);
    const started = Date.now();
    const users = await seed(server, connections, postsPerUser);
    console.log(`seeded ${users.length} users × ${postsPerUser} posts, LinkedIn connected, in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    await fetch(`${server.url}/local/db-calls?reset=1`);
    console.log(`mix: ${MIX.map(([op, share]) => `${share}% ${op}`).join(', ')}…`);
    const mixSamples = await runLoad({ baseUrl: server.url, connections, seconds, warmUpSeconds, next: (c, i) => mixRequest(users[c % users.length]!, c, i) });
    const calls = (await (await fetch(`${server.url}/local/db-calls`)).json()) as {
      dynamodbCalls: Record<string, { invocations: number; calls: number; max: number }>;
      throttledInvocations: Record<string, number>;
    };
    const mix = summarize(mixSamples, seconds, connections);
    printPhase('mix', mix);

    console.log('\nfloor: GET /health…');
    const health = summarize(await runLoad({ baseUrl: server.url, connections, seconds, warmUpSeconds, next: () => ({ op: 'GET /health', method: 'GET', path: '/health' }) }), seconds, connections);
    printPhase('floor, GET /health', health);

    console.log('\nfloor: DynamoDB Local GetItem, no gateway…');
    const getItem = summarize(await getItemFloor(server, connections, seconds, warmUpSeconds), seconds, connections);
    printPhase('floor, bare GetItem', getItem);

    const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : 0);
    const ratios = {
      mixThroughputOverHealth: ratio(mix.okPerSecond, health.okPerSecond),
      apiP99OverHealthP99: ratio(mix.p99, health.p99),
      apiP99OverGetItemP99: ratio(mix.p99, getItem.p99),
    };
    const dynamodbCallsPerRoute = Object.fromEntries(
      Object.entries(calls.dynamodbCalls).map(([route, s]) => [route, { invocations: s.invocations, callsPerInvocation: ratio(s.calls, s.invocations), max: s.max }]),
    );
    const targets = { noServerErrors: mix.serverErrors === 0, throughput: ratios.mixThroughputOverHealth >= 0.5, p99: ratios.apiP99OverHealthP99 <= 2 };
    console.log(`\nratios: mix 2xx/s ÷ /health 2xx/s = ${ratios.mixThroughputOverHealth} (target ≥ 0.5); API p99 ÷ /health p99 = ${ratios.apiP99OverHealthP99} (target ≤ 2); API p99 ÷ GetItem p99 = ${ratios.apiP99OverGetItemP99}`);
    console.log(`DynamoDB calls per request during the mix: ${Object.entries(dynamodbCallsPerRoute).map(([r, s]) => `${r} ${s.callsPerInvocation} (max ${s.max})`).join('; ')}`);
    console.log(`invocations refused by Lambda's modelled concurrency: ${JSON.stringify(calls.throttledInvocations)}`);
    console.log(`targets: no 5xx but early refusals ${targets.noServerErrors ? 'met' : 'MISSED'}; throughput ${targets.throughput ? 'met' : 'MISSED'}; p99 ${targets.p99 ? 'met' : 'MISSED'}`);
    return {
      connections,
      users: users.length,
      secondsPerPhase: seconds,
      mix,
      floor: { health, getItem },
      ratios,
      dynamodbCallsPerRoute,
      throttledInvocations: calls.throttledInvocations,
      targets,
    };
  } finally {
    await server.stop();
  }
}

function mixRequest(user: User, connection: number, i: number): RequestSpec {
  let roll = (i * 37 + connection * 13) % 100;
  const op = MIX.find(([, share]) => (roll -= share) < 0)![0];
  const postId = user.postIds[i % user.postIds.length]!;
  const json = { Authorization: user.auth, 'Content-Type': 'application/json' };
  switch (op) {
    case 'GET /v1/posts':
      return { op, method: 'GET', path: '/v1/posts?limit=20', headers: { Authorization: user.auth } };
    case 'GET /v1/posts/{id}':
      return { op, method: 'GET', path: `/v1/posts/${postId}`, headers: { Authorization: user.auth } };
    case 'PATCH /v1/posts/{id}':
      return { op, method: 'PATCH', path: `/v1/posts/${postId}`, headers: json, body: JSON.stringify({ content: `Edited by connection ${connection}, request ${i}.` }) };
    default:
      return {
        op,
        method: 'POST',
        path: `/v1/posts/${postId}/schedule`,
        headers: json,
        body: JSON.stringify({ scheduledAt: new Date(Date.now() + 7_200_000 + (i % 3600) * 1000).toISOString() }),
      };
  }
}

/** Signs in `count` users, writes their posts through the API, and gives each a LinkedIn connection (scheduling needs one). */
async function seed(server: LocalServer, count: number, postsPerUser: number): Promise<User[]> {
  const users: User[] = [];
  const db = createDocumentClient(new DynamoDBClient({ ...LOCAL_AWS, endpoint: server.dynamoEndpoint }));
  const connections = new DynamoLinkedInConnectionStore(db, server.tableName);
  const now = new Date();
  await pool(count, 24, async (i) => {
    const res = await politely(() => fetch(`${server.url}/local/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: `load-${i}@example.com` }) }));
    const { token, userId } = (await res.json()) as { token: string; userId: string };
    const user: User = { auth: `Bearer ${token}`, userId, postIds: [] };
    for (let p = 0; p < postsPerUser; p++) {
      // The user's first request provisions their API key: sign-ups at once meet the authorizer's concurrency, and are told to come back.
      const created = await politely(() =>
        fetch(`${server.url}/v1/posts`, {
          method: 'POST',
          headers: { Authorization: user.auth, 'Content-Type': 'application/json' },
          body: JSON.stringify({ content: `Seed post ${p} of user ${i}: what I learned this week.` }),
        }),
      );
      if (created.status !== 201) throw new Error(`seeding failed: ${created.status} ${await created.text()}`);
      user.postIds.push(((await created.json()) as { id: string }).id);
    }
    // The connection scheduling checks for (its token is never used: nothing is due within the run).
    await connections.save({
      userId,
      memberUrn: `urn:li:person:load${i}`,
      name: `Load ${i}`,
      pictureUrl: null,
      encryptedAccessToken: 'not-used',
      expiresAt: new Date(now.getTime() + 60 * 86_400_000).toISOString(),
      status: 'connected',
      connectedAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    users[i] = user;
  });
  db.destroy();
  return users;
}

/** The floor below the gateway: GetItem of the health sentinel straight to DynamoDB Local, `connections` at once. */
async function getItemFloor(server: LocalServer, connections: number, seconds: number, warmUpSeconds: number): Promise<Sample[]> {
  const client = new DynamoDBClient({
    ...LOCAL_AWS,
    endpoint: server.dynamoEndpoint,
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: connections }) },
  });
  const command = new GetItemCommand({ TableName: server.tableName, Key: { PK: { S: HEALTH_SENTINEL_KEY.PK }, SK: { S: HEALTH_SENTINEL_KEY.SK } } });
  const samples: Sample[] = [];
  const measureFrom = Date.now() + warmUpSeconds * 1000;
  const deadline = measureFrom + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        const sentAt = Date.now();
        const t = performance.now();
        let status = 200;
        try {
          await client.send(command);
        } catch {
          status = 500;
        }
        if (sentAt >= measureFrom && Date.now() <= deadline) samples.push({ op: 'GetItem', status, ms: performance.now() - t, refused: false });
      }
    }),
  );
  client.destroy();
  return samples;
}

async function pool(count: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runApiLoadBench({
    seconds: Number(process.env['BENCH_SECONDS'] ?? 60),
    connections: Number(process.env['CONNECTIONS'] ?? 1000),
    postsPerUser: Number(process.env['POSTS_PER_USER'] ?? 2),
  });
}
