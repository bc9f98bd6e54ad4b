import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { draftPrompt, LENGTH_BUDGETS } from '@lambdas/core/ai/prompts';

import { TIERS } from '@contract/tiers';
import type { Measured } from './cost-model';
import { VOICE_LIMITS } from '@contract/api/ai';

/**
 * The sizes the bill depends on that can be measured on this machine rather
 * than guessed: what the handlers print per request, the access log line the
 * stage writes, the prompt the AI function sends, the web app's bundle.
 */

/** Bytes the shared HTTP adapter prints to stdout (EMF metrics, logs) for one successful request, as in Lambda (INFO, metrics on). */
export async function measureApiRequestOutput(): Promise<number> {
  process.env['POWERTOOLS_METRICS_DISABLED'] = 'false';
  process.env['POWERTOOLS_LOG_LEVEL'] = 'INFO';
  process.env['POWERTOOLS_DEV'] = 'false';
  // Imported only now: Powertools reads the environment when its instances are created.
  const { httpApi } = await import('@lambdas/handlers/http/http-api');
  const api = httpApi(
    { 'GET /v1/me': async () => ({ status: 200, body: { ok: true } }) },
    { meter: { count: async () => 1, admit: async () => ({ allowed: true as const, requests: 1 }) }, clock: { now: () => new Date() } },
  );
  const event = {
    resource: '/v1/me',
    path: '/v1/me',
    httpMethod: 'GET',
    headers: {},
    requestContext: { requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef', authorizer: { principalId: 'u', userId: 'u', tier: 'free', apiKeyMode: 'dedicated' } },
  } as unknown as APIGatewayProxyEvent;
  const context = { functionName: 'mark0-prod-posts', awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

  let bytes = 0;
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    return true;
  }) as typeof process.stdout.write;
  try {
    await api(event, context);
  } finally {
    process.stdout.write = write;
  }
  return bytes;
}

/** Typical values for the stage's `$context` variables; anything not listed (errors, mostly) is "-". */
const ACCESS_LOG_SAMPLE: Record<string, string> = {
  requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  requestTimeEpoch: '1795622400123',
  'identity.sourceIp': '203.0.113.7',
  'identity.userAgent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36',
  httpMethod: 'GET',
  resourcePath: '/v1/posts/{id}',
  path: '/v1/posts/01KB7ZQ3V8W3J5R2D6N4M0XG1T',
  protocol: 'HTTP/1.1',
  status: '200',
  responseLength: '812',
  responseLatency: '48',
  'authorizer.principalId': '94a8e4d8-1011-70f1-5c3e-2b9d0f6a7c21',
  'authorizer.apiKeyMode': 'dedicated',
  'authorizer.status': '200',
  'authorizer.latency': '0',
  integrationStatus: '200',
  integrationLatency: '41',
  'error.messageString': '"-"',
};

/** One access log line: the template's format with typical values in place of `$context.…`. */
export function accessLogLineBytes(format: string): number {
  return Buffer.byteLength(format.replace(/\$context\.([A-Za-z.]+)/g, (_, name: string) => ACCESS_LOG_SAMPLE[name] ?? '-')) + 1;
}

/** Tokens of a prompt at about 4 characters a token (the estimate prompts.ts sizes its caps with), plus a few per message. */
function promptTokens(prompt: { system: string; user: string }): number {
  return Math.ceil((prompt.system.length + prompt.user.length) / 4) + 8;
}

export function measureAi(): Pick<Measured, 'promptTokens' | 'outputTokenCap' | 'freeAiGenerationsPerDay'> {
  const typical = draftPrompt({ topic: 'What I learned from moving our team to four-day weeks for a quarter', length: 'medium', variants: 2 }, undefined);
  const fullVoice = { styleProfile: 'x'.repeat(VOICE_LIMITS.styleProfileCharacters), examples: Array.from({ length: VOICE_LIMITS.examples }, () => 'y'.repeat(VOICE_LIMITS.exampleCharacters)) };
  const worst = draftPrompt({ topic: 't'.repeat(500), tone: 'o'.repeat(60), audience: 'a'.repeat(200), length: 'long', variants: 3 }, fullVoice);
  return {
    promptTokens: { typical: promptTokens(typical), worst: promptTokens(worst) },
    outputTokenCap: { typical: LENGTH_BUDGETS.medium.maxTokens, worst: LENGTH_BUDGETS.long.maxTokens },
    freeAiGenerationsPerDay: TIERS.free.aiGenerationsPerDay,
  };
}

/**
 * Gzipped bytes of the web app's first load (web/dist): index.html and what it names (the entry script, its
 * stylesheet, preloaded modules, the icon), as a browser fetches them on a first visit. Chunks loaded on
 * demand (PDF.js and its worker, when a PDF is attached) are not part of it. Undefined when not built here.
 */
export function measureWebFirstLoad(webDist: string): number | undefined {
  const index = join(webDist, 'index.html');
  if (!existsSync(index)) return undefined;
  const html = readFileSync(index, 'utf8');
  const named = [...html.matchAll(/(?:src|href)="\/([^"]+)"/g)].map((match) => join(webDist, match[1]!)).filter((file) => existsSync(file));
  return [index, ...new Set(named)].reduce((sum, file) => sum + gzipSync(readFileSync(file)).byteLength, 0);
}
