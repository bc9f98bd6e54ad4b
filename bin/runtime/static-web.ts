import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import type { LocalRoute } from './gateway';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The same security headers CloudFront's response-headers policy adds in AWS (lib/stacks/web-stack.ts). */
export const WEB_SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

/**
 * Serves the built web app (web/dist) the way CloudFront serves it from S3:
 * hashed assets cached long, index.html never cached, unknown paths fall back
 * to index.html so client-side routes survive a reload. API paths are left to
 * the gateway.
 */
export function staticWeb(dir: string, isApiPath: (path: string) => boolean): LocalRoute {
  const root = resolve(dir);
  return (req, res, url) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(url.pathname)) return false;
    let path: string;
    try {
      path = normalize(decodeURIComponent(url.pathname));
    } catch {
      return false;
    }
    let file = join(root, path);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      if (extname(path) !== '' && path.startsWith('/assets/')) return false; // a missing asset is a 404, not the app
      file = join(root, 'index.html');
      if (!existsSync(file)) return false;
    }
    const isIndex = file.endsWith('index.html');
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': isIndex ? 'no-cache' : file.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      ...WEB_SECURITY_HEADERS,
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    return true;
  };
}
