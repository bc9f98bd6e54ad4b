import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { isAppRoute } from '../../lib/web/spa-routing';
import { localWebSecurityHeaders } from '../../lib/web/security-headers';
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

/**
 * Serves the built web app (web/dist) the way CloudFront serves it from S3:
 * hashed assets cached long, index.html and config.json never cached, the
 * app's own pages (/calendar…) answered with index.html so they survive a
 * reload, and a missing file a real 404 (the same rule as the CloudFront
 * Function, lib/web/spa-routing.ts). The security headers are CloudFront's
 * (lib/web/security-headers.ts). API paths are left to the gateway.
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
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': isIndex ? 'no-cache' : file.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      ...headers,
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    return true;
  };
}
