import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticWeb } from '../../bin/runtime/static-web';
import { contentSecurityPolicy, localWebSecurityHeaders } from '../../lib/web/security-headers';
import { APP_ROUTES_FUNCTION_SOURCE, isAppRoute } from '../../lib/web/spa-routing';

type CloudFrontRequest = { uri: string };
const cloudFrontFunction = new Function(`${APP_ROUTES_FUNCTION_SOURCE}; return handler;`)() as (event: { request: CloudFrontRequest }) => CloudFrontRequest;

const PATHS: [string, boolean][] = [
  ['/', true],
  ['/calendar', true],
  ['/settings/', true],
  ['/posts', true],
  ['/index.html', false],
  ['/config.json', false],
  ['/favicon.svg', false],
  ['/assets/index-3f2a91.js', false],
  ['/assets/gone-0000.js', false],
  ['/.well-known/security.txt', false],
];

describe('app routes vs files', () => {
  it.each(PATHS)('%s is an app route: %s — the same answer in Node and in the CloudFront Function', (path, appRoute) => {
    expect(isAppRoute(path)).toBe(appRoute);
    expect(cloudFrontFunction({ request: { uri: path } }).uri).toBe(appRoute ? '/index.html' : path);
  });
});

describe('the content security policy', () => {
  it('allows scripts and styles from the app only, forbids framing, and lists where fetches and images may go', () => {
    expect(contentSecurityPolicy({ connect: ['https://api.example.com', 'https://auth.example.com'], img: ['https://media.licdn.com'], media: ['https://b.s3.example.com'] })).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: https://media.licdn.com https://b.s3.example.com; " +
        "media-src 'self' blob: https://b.s3.example.com; font-src 'self'; " +
        "connect-src 'self' https://api.example.com https://auth.example.com https://b.s3.example.com; worker-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
  });
});

describe('the local static server (what npm start serves, as CloudFront would)', () => {
  let dir: string;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mark0-static-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'export {}');
    const route = staticWeb(dir, (path) => path.startsWith('/v1/'));
    server = createServer(async (req, res) => {
      if (!(await route(req, res, new URL(req.url!, 'http://127.0.0.1'), Buffer.alloc(0)))) res.writeHead(404).end('not found');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers an app route with index.html, not cached, with the security headers', async () => {
    const res = await fetch(`${base}/calendar?view=month`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>app</title>');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toBe(localWebSecurityHeaders()['Content-Security-Policy']);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('caches a hashed asset for a year, and answers a missing file with 404, not the app', async () => {
    const asset = await fetch(`${base}/assets/index-abc.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${base}/assets/index-gone.js`)).status).toBe(404);
    expect((await fetch(`${base}/robots.txt`)).status).toBe(404);
    expect((await fetch(`${base}/v1/posts`)).status).toBe(404);
  });
});
