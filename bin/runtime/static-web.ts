import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { isAppRoute } from '../../lib/web/spa-routing';
import { localWebSecurityHeaders } from '../../lib/web/security-headers';
import type { LocalRoute } from './gateway';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Serves the built web app (web/dist) the way CloudFront serves it from S3:
 * hashed assets cached long, index.html and config.json never cached, the
 * app's own pages (/calendar…) answered with index.html so they survive a
 * reload, and a missing file a real 404 (the same rule as the CloudFront
 * Function, lib/web/spa-routing.ts). The security headers are CloudFront's
 * (lib/web/security-headers.ts). Text files of 1,000 bytes or more are sent
 * compressed when the browser accepts it, Brotli first, then gzip, as
 * CloudFront compresses them (its range is 1,000 bytes to 10 MB); each file is
 * compressed once and kept until it changes. API paths are left to the gateway.
 */
export function staticWeb(dir: string, isApiPath: (path: string) => boolean, headers: Record<string, string> = localWebSecurityHeaders()): LocalRoute {
  const root = resolve(dir);
  return (req, res, url) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(url.pathname)) return false;
    let path: string;
    try {
      path = normalize(decodeURIComponent(url.pathname));
    } catch {
      return false;
    }
    const file = isAppRoute(path) ? join(root, 'index.html') : join(root, path);
    // A missing file is the gateway's 404, never the app with a 200.
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) return false;
    const isIndex = file.endsWith('index.html');
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const encoded = compressed(file, type, req);
    res.writeHead(200, {
      'Content-Type': type,
      'Cache-Control': isIndex ? 'no-cache' : file.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      ...(encoded ? { 'Content-Encoding': encoded.encoding, 'Content-Length': String(encoded.body.byteLength), Vary: 'Accept-Encoding' } : {}),
      ...headers,
    });
    if (req.method === 'HEAD') res.end();
    else if (encoded) res.end(encoded.body);
    else createReadStream(file).pipe(res);
    return true;
  };
}

const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json)|image\/svg\+xml)/;
const MIN_COMPRESSED_BYTES = 1000;
const MAX_COMPRESSED_BYTES = 10_000_000;
const cache = new Map<string, { mtimeMs: number; br?: Buffer; gzip?: Buffer }>();

/** The file in the best encoding the request accepts (br, then gzip), or undefined to send it as it is. */
function compressed(file: string, type: string, req: IncomingMessage): { encoding: 'br' | 'gzip'; body: Buffer } | undefined {
  const { size, mtimeMs } = statSync(file);
  if (!COMPRESSIBLE.test(type) || size < MIN_COMPRESSED_BYTES || size > MAX_COMPRESSED_BYTES) return undefined;
  const accepted = new Set(
    String(req.headers['accept-encoding'] ?? '')
      .split(',')
      .map((part) => part.trim().split(';')[0]!.toLowerCase()),
  );
  const encoding = accepted.has('br') ? 'br' : accepted.has('gzip') ? 'gzip' : undefined;
  if (!encoding) return undefined;
  let entry = cache.get(file);
  if (!entry || entry.mtimeMs !== mtimeMs) cache.set(file, (entry = { mtimeMs }));
  // Brotli at quality 5: close to its best ratio for code, in milliseconds rather than seconds for the PDF.js worker.
  entry[encoding] ??= encoding === 'br' ? brotliCompressSync(readFileSync(file), { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } }) : gzipSync(readFileSync(file));
  return { encoding, body: entry[encoding] };
}
