import { describe, expect, it } from 'vitest';
import { ROUTES, matchRoute, routeKey, FUNCTION_NAMES, PUBLIC_ROUTE_KEYS } from '@contract/routes';

describe('route table', () => {
  it('matches concrete paths to resources and decodes path parameters', () => {
    const { match } = matchRoute('get', '/v1/posts/01ARZ3NDEKTSV4RRFFQ69G5FAV');
    expect(match?.route.path).toBe('/v1/posts/{id}');
    expect(match?.pathParameters).toEqual({ id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' });
    expect(matchRoute('GET', '/v1/posts/a%2Fb').match?.pathParameters).toEqual({ id: 'a/b' });
  });

  it('reports which methods a known path allows when the method does not match', () => {
    const result = matchRoute('PUT', '/v1/posts/x');
    expect(result.match).toBeUndefined();
    expect(result.allowed.sort()).toEqual(['DELETE', 'GET', 'PATCH']);
  });

  it('does not match unknown, longer or malformed paths', () => {
    expect(matchRoute('GET', '/v1/posts/x/y').allowed).toEqual([]);
    expect(matchRoute('GET', '/v2/posts').allowed).toEqual([]);
    expect(matchRoute('GET', '/v1/posts/%E0%A4%A').match).toBeUndefined();
  });

  it('has one entry per method and path, each served by a known function', () => {
    const keys = ROUTES.map((r) => routeKey(r.method, r.path));
    expect(new Set(keys).size).toBe(keys.length);
    for (const route of ROUTES) expect(FUNCTION_NAMES).toContain(route.fn);
  });

  it('keeps every /v1 route behind the authorizer except LinkedIn\'s redirect back, a mail\'s one-click unsubscribe and an export\'s file download links, which come without a token', () => {
    const publicV1 = ROUTES.filter((r) => r.path.startsWith('/v1/') && r.auth === 'none').map((r) => routeKey(r.method, r.path));
    expect(publicV1).toEqual(['GET /v1/linkedin/callback', 'POST /v1/notifications/unsubscribe', 'GET /v1/notifications/unsubscribe', 'GET /v1/media/{id}/download']);
    // What the callback brings back is completed only by a signed-in user, on the function that may encrypt the token.
    expect(ROUTES.find((r) => r.path === '/v1/linkedin/complete')).toEqual({ method: 'POST', path: '/v1/linkedin/complete', fn: 'linkedin', auth: 'user' });
  });

  it('lists the public routes\' keys for the handlers exactly as the table has them (auth none)', () => {
    expect([...PUBLIC_ROUTE_KEYS].sort()).toEqual(ROUTES.filter((r) => r.auth === 'none').map((r) => routeKey(r.method, r.path)).sort());
  });
});
