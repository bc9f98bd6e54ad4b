import { randomBytes } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import { logger, metrics } from '@lambdas/handlers/powertools';
import { localDynamoClient } from '../../bin/runtime/dynamodb-local';
import { startOpenAiSandbox, type OpenAiSandbox } from '../../bin/runtime/openai-sandbox';
import { png } from '../support/media-files';
import { connectLinkedIn, consent, followCallback, complete, sandboxOf } from './support/linkedin';
import { announce, put } from './support/media';
import { startTestApp, type ApiResponse, type TestApp } from './support/test-runtime';

/**
 * The main flows (sign in, connect LinkedIn, write, schedule, publish, AI drafts, media upload)
 * and their failures, with logging at DEBUG: no access token, client secret, API key, JWT, app
 * secret or presigned-URL signature appears in any log line (the runtime's, the handlers'
 * Powertools logger, anything written to stdout or stderr), in any error body, or in any metric's
 * name, dimension or metadata. And the table holds none of them in clear: LinkedIn tokens are
 * encrypted (every raw item read).
 */
const captured: string[] = [];
const OPENAI_KEY = `sk-test-${randomBytes(18).toString('hex')}`;
const CURSOR_KEY = randomBytes(32).toString('base64url');
let openai: OpenAiSandbox;
let app: TestApp;
const previousCursorKey = process.env['CURSOR_SIGNING_KEY'];

beforeAll(async () => {
  const text = (chunk: unknown) => (typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      captured.push(text(chunk));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[level].bind(console);
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      captured.push(args.map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
      original(...args);
    });
  }
  for (const method of ['addMetric'] as const) {
    const original = (metrics[method] as (...args: unknown[]) => unknown).bind(metrics);
    vi.spyOn(metrics, method).mockImplementation(((...args: unknown[]) => {
      captured.push(`metric ${method} ${JSON.stringify(args)}`);
      return original(...args);
    }) as never);
  }
  logger.setLogLevel('DEBUG');
  process.env['CURSOR_SIGNING_KEY'] = CURSOR_KEY;
  openai = await startOpenAiSandbox();
  app = await startTestApp({ env: { OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: openai.baseUrl }, log: (line) => captured.push(line), publishing: { tickMs: 0 } });
}, 60_000);
afterAll(async () => {
  logger.setLogLevel('SILENT');
  if (previousCursorKey === undefined) delete process.env['CURSOR_SIGNING_KEY'];
  else process.env['CURSOR_SIGNING_KEY'] = previousCursorKey;
  vi.restoreAllMocks();
  await app?.stop();
  await openai?.stop();
});

describe('secrets stay secret through the main flows, at DEBUG', () => {
  it('never appear in a log line, an error body or a metric, and never in clear in the table', async () => {
    const answers: ApiResponse[] = [];
    const keep = <T extends ApiResponse>(res: T): T => (answers.push(res), res);
    const user = await app.signIn('secret-keeper@example.com');
    const sandbox = sandboxOf(app);

    // Connect LinkedIn, and fail a connection at LinkedIn's token endpoint.
    const { completed } = await connectLinkedIn(app, user, { member: 'Secret Keeper' });
    keep(completed);
    sandbox.injectFaults({ endpoint: 'token', kind: 'status', status: 400, message: 'The authorization code is invalid' });
    keep(await complete(user, await followCallback((await consent(app, user)).callbackUrl)));

    // Write, schedule, publish now; a publish LinkedIn refuses (the token revoked).
    const post = keep(await user.post('/v1/posts', { content: 'A post about keeping secrets' }));
    keep(await user.post(`/v1/posts/${post.body.id}/schedule`, { scheduledAt: new Date(Date.now() + 3_600_000).toISOString() }));
    keep(await user.post(`/v1/posts/${post.body.id}/publish`));
    await app.publishing.step();
    const refused = keep(await user.post('/v1/posts', { content: 'This one LinkedIn refuses' }));
    sandbox.injectFaults({ kind: 'unauthorized' });
    keep(await user.post(`/v1/posts/${refused.body.id}/publish`));
    await app.publishing.step();
    expect((await user.get(`/v1/posts/${post.body.id}`)).body.status).toBe('published');

    // AI drafts, and an AI provider failure.
    keep(await user.post('/v1/ai/drafts', { topic: 'What keeping secrets taught me' }));
    openai.fail({ kind: 'unauthorized' });
    keep(await user.post('/v1/ai/rewrite', { content: 'We shipped it.', instruction: 'more personal' }));

    // Media: a signed upload, a refused one, a preview.
    const bytes = png(8, 8);
    const created = keep(await announce(user, 'image', bytes, 'image/png'));
    expect((await put(created.body.upload, bytes)).status).toBe(200);
    const media = keep(await user.post(`/v1/media/${created.body.id}/complete`));
    keep(await user.get(`/v1/media/${created.body.id}`));
    keep(await announce(user, 'image', Buffer.alloc(20 * 1024 * 1024), 'image/png'));

    // Errors with a token in the request: bad tokens, bad bodies.
    keep(await app.anonymous(`Bearer ${user.token}x`).get('/v1/me'));
    keep(await user.post('/v1/linkedin/complete', { code: 'x', state: 'f'.repeat(64) }));

    const signatures = [created.body.upload.url, media.body.previewUrl]
      .filter((url): url is string => typeof url === 'string')
      .map((url) => new URL(url).searchParams.get('X-Amz-Signature'))
      .filter((sig): sig is string => !!sig);
    expect(signatures.length, 'the signed URLs carry a signature to look for').toBeGreaterThan(0);
    const secrets: Record<string, string> = {
      'the user\'s JWT': user.token,
      'the JWT\'s signature': user.token.split('.')[2]!,
      'the LinkedIn client secret': app.linkedin.config.clientSecret ?? '',
      'the OpenAI API key': OPENAI_KEY,
      'the app secret (cursor signing key)': CURSOR_KEY,
      ...Object.fromEntries(sandbox.issuedAccessTokens.map((token, i) => [`LinkedIn access token ${i}`, token])),
      ...Object.fromEntries(signatures.map((sig, i) => [`presigned URL signature ${i}`, sig])),
    };
    expect(sandbox.issuedAccessTokens.length).toBeGreaterThan(0);
    expect(captured.join('\n').length, 'logging was on and captured').toBeGreaterThan(1_000);

    const errorBodies = answers.filter((res) => res.status >= 400).map((res) => JSON.stringify(res.body));
    expect(errorBodies.length).toBeGreaterThanOrEqual(4);
    const db = createDocumentClient(localDynamoClient(app.dynamoEndpoint));
    const items = JSON.stringify((await db.send(new ScanCommand({ TableName: app.tableName }))).Items ?? []);
    db.destroy();
    for (const [what, secret] of Object.entries(secrets)) {
      expect(secret.length, what).toBeGreaterThan(15);
      const line = captured.find((entry) => entry.includes(secret));
      expect(line, `${what} was logged: ${line?.slice(0, 300)}`).toBeUndefined();
      expect(errorBodies.find((body) => body.includes(secret)), `${what} in an error body`).toBeUndefined();
      expect(items.includes(secret), `${what} in the table in clear`).toBe(false);
    }
    console.log(`[secrets] ${Object.keys(secrets).length} secrets, ${captured.length} log lines and metric calls, ${errorBodies.length} error bodies, the whole table: none found`);
  });
});
