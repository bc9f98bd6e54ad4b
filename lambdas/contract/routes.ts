/**
 * Every HTTP route of the API, as data. CDK builds API Gateway resources and
 * methods from it (lib/stacks/api-stack.ts), the local gateway matches requests
 * against it (bin/runtime/gateway.ts), and a test holds docs/openapi.yaml to it.
 *
 * `fn` names the Lambda function that serves the route. Routes are grouped into
 * a few functions by domain rather than one function per route: at Mark.0's
 * traffic, fewer functions stay warm more often, which keeps cold starts out
 * of the p99 (see README "Design decisions").
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export const FUNCTION_NAMES = ['health', 'posts', 'queue', 'account', 'ai', 'linkedin', 'media', 'export'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

export interface Route {
  method: HttpMethod;
  /** API Gateway resource path, with {param} placeholders. */
  path: string;
  fn: FunctionName;
  /**
   * 'user': bearer JWT through the authorizer, metered by the user's API key
   * (`apiKeyRequired`) and counted per user by the handlers. 'none': public.
   */
  auth: 'user' | 'none';
  /**
   * The function streams its answer (API Gateway's STREAM response transfer
   * mode; the local gateway pipes it): for answers that may outgrow Lambda's
   * 6 MB response, like a 10,000-post export.
   */
  stream?: true;
}

export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/health', fn: 'health', auth: 'none' },
  { method: 'GET', path: '/v1/me', fn: 'account', auth: 'user' },
  { method: 'PATCH', path: '/v1/me', fn: 'account', auth: 'user' },
  // Deletes the account: 202, then a recorded job erases everything (README "Your data").
  { method: 'DELETE', path: '/v1/me', fn: 'account', auth: 'user' },
  // Everything stored about the user, as one JSON document streamed page by page.
  { method: 'GET', path: '/v1/me/export', fn: 'export', auth: 'user', stream: true },
  { method: 'GET', path: '/v1/usage', fn: 'account', auth: 'user' },
  { method: 'POST', path: '/v1/posts', fn: 'posts', auth: 'user' },
  { method: 'GET', path: '/v1/posts', fn: 'posts', auth: 'user' },
  { method: 'GET', path: '/v1/posts/{id}', fn: 'posts', auth: 'user' },
  { method: 'PATCH', path: '/v1/posts/{id}', fn: 'posts', auth: 'user' },
  { method: 'DELETE', path: '/v1/posts/{id}', fn: 'posts', auth: 'user' },
  { method: 'POST', path: '/v1/posts/{id}/schedule', fn: 'posts', auth: 'user' },
  { method: 'POST', path: '/v1/posts/{id}/unschedule', fn: 'posts', auth: 'user' },
  { method: 'POST', path: '/v1/posts/{id}/publish', fn: 'posts', auth: 'user' },
  // The queue (issue 13): posting times, add to the queue, the queue, reorder, pause/resume, evergreen posts; a function of its own (issue 15).
  { method: 'GET', path: '/v1/me/schedule', fn: 'queue', auth: 'user' },
  { method: 'PUT', path: '/v1/me/schedule', fn: 'queue', auth: 'user' },
  { method: 'POST', path: '/v1/posts/{id}/queue', fn: 'queue', auth: 'user' },
  { method: 'GET', path: '/v1/queue', fn: 'queue', auth: 'user' },
  { method: 'POST', path: '/v1/queue/reorder', fn: 'queue', auth: 'user' },
  { method: 'POST', path: '/v1/queue/pause', fn: 'queue', auth: 'user' },
  { method: 'POST', path: '/v1/queue/resume', fn: 'queue', auth: 'user' },
  { method: 'PUT', path: '/v1/posts/{id}/evergreen', fn: 'queue', auth: 'user' },
  { method: 'DELETE', path: '/v1/posts/{id}/evergreen', fn: 'queue', auth: 'user' },
  // Uploads: the bytes go straight to storage with a signed URL, never through the API.
  { method: 'POST', path: '/v1/media', fn: 'media', auth: 'user' },
  { method: 'GET', path: '/v1/media/{id}', fn: 'media', auth: 'user' },
  { method: 'DELETE', path: '/v1/media/{id}', fn: 'media', auth: 'user' },
  { method: 'POST', path: '/v1/media/{id}/complete', fn: 'media', auth: 'user' },
  { method: 'POST', path: '/v1/linkedin/connect', fn: 'linkedin', auth: 'user' },
  // LinkedIn's redirect back through the browser, which carries no bearer token: it only reads the state and passes code and state on to the web app.
  { method: 'GET', path: '/v1/linkedin/callback', fn: 'linkedin', auth: 'none' },
  // The web app finishes the connection as its signed-in user, who must be the one who started it.
  { method: 'POST', path: '/v1/linkedin/complete', fn: 'linkedin', auth: 'user' },
  { method: 'DELETE', path: '/v1/linkedin', fn: 'linkedin', auth: 'user' },
  { method: 'POST', path: '/v1/ai/drafts', fn: 'ai', auth: 'user' },
  { method: 'POST', path: '/v1/ai/rewrite', fn: 'ai', auth: 'user' },
  { method: 'GET', path: '/v1/me/voice', fn: 'ai', auth: 'user' },
  { method: 'PUT', path: '/v1/me/voice', fn: 'ai', auth: 'user' },
  { method: 'GET', path: '/v1/me/notifications', fn: 'account', auth: 'user' },
  { method: 'PATCH', path: '/v1/me/notifications', fn: 'account', auth: 'user' },
  // One-click unsubscribe from a mail (RFC 8058): the signed token in the query names the user and the kind; no sign-in.
  { method: 'POST', path: '/v1/notifications/unsubscribe', fn: 'account', auth: 'none' },
  // A mail client that opens the List-Unsubscribe URL instead of POSTing: sent on to the web app's confirmation page, nothing changed.
  { method: 'GET', path: '/v1/notifications/unsubscribe', fn: 'account', auth: 'none' },
  // A file's download link from an export: the signed token names the user, the file and the expiry (a day); no sign-in.
  { method: 'GET', path: '/v1/media/{id}/download', fn: 'media', auth: 'none' },
];

/** Whether a route key (`GET /v1/me`) names a route that serves a signed-in user. */
export function isUserRoute(key: string, routes: readonly Route[] = ROUTES): boolean {
  return routes.some((route) => route.auth === 'user' && routeKey(route.method, route.path) === key);
}

/**
 * The keys of the public routes (`auth: 'none'` above, held equal to them by test/unit/routes.test.ts):
 * what a function's handler needs to tell its user routes from the rest (handlers/http/http-api.ts)
 * without carrying ROUTES, a table of every route of every function, in each bundle.
 */
export const PUBLIC_ROUTE_KEYS: readonly string[] = [
  'GET /health',
  'GET /v1/linkedin/callback',
  'POST /v1/notifications/unsubscribe',
  'GET /v1/notifications/unsubscribe',
  'GET /v1/media/{id}/download',
];

/** `GET /v1/posts/{id}` — the key a handler dispatches on (event.httpMethod + event.resource). */
export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}

export interface RouteMatch {
  route: Route;
  pathParameters: Record<string, string>;
}

/**
 * Matches a concrete path (e.g. /v1/posts/01H…) to a route. Returns the routes
 * that match the path whatever the method in `allowed`, so the caller can answer
 * 405 rather than 404 for a known path with the wrong method.
 */
export function matchRoute(method: string, path: string, routes: readonly Route[] = ROUTES): { match?: RouteMatch; allowed: HttpMethod[] } {
  const allowed: HttpMethod[] = [];
  let match: RouteMatch | undefined;
  const segments = path.split('/').filter(Boolean);
  const wanted = method.toUpperCase();
  for (const route of routes) {
    const params = matchSegments(patternOf(route), segments);
    if (!params) continue;
    allowed.push(route.method);
    if (route.method === wanted) match = { route, pathParameters: params };
  }
  return match ? { match, allowed } : { allowed };
}

/** Each route's path split once: the local gateway matches every request against every route. */
const patterns = new WeakMap<Route, string[]>();

function patternOf(route: Route): string[] {
  let pattern = patterns.get(route);
  if (!pattern) patterns.set(route, (pattern = route.path.split('/').filter(Boolean)));
  return pattern;
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const a = actual[i]!;
    if (p.startsWith('{') && p.endsWith('}')) {
      let value: string;
      try {
        value = decodeURIComponent(a);
      } catch {
        return undefined;
      }
      params[p.slice(1, -1)] = value;
    } else if (p !== a) {
      return undefined;
    }
  }
  return params;
}
