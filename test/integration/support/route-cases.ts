import { ROUTES, routeKey, type Route } from '@contract/routes';
import { png } from '../../support/media-files';
import { upload } from './media';
import type { ApiClient } from './test-runtime';

/**
 * What a test needs to know about each route of `lambdas/contract/routes.ts` to make a valid
 * request to it, in one table. The hostile-input sweep, the isolation matrix and the fuzzer all
 * build their requests from it, so a route added to the contract without a line here fails all
 * three (`routeCase` throws), and no test keeps its own list of routes.
 */

/** A user's data that requests can name: built by each test for the user whose ids it aims at. */
export interface Owned {
  userId: string;
  email: string;
  /** A draft post. */
  draftId: string;
  /** A scheduled post. */
  scheduledId: string;
  /** An uploaded (completed) image. */
  mediaId: string;
  /** The next-page cursor of the user's GET /v1/posts?limit=1. */
  cursor: string;
  /** The state of a LinkedIn connection the user started (POST /v1/linkedin/connect). */
  oauthState: string;
}

/** Where a request can carry an id of someone's data. */
export type IdPlace = 'path' | 'query' | 'body';

export interface RouteCase {
  /** Path parameters naming `owner`'s data. */
  params?: (owner: Owned) => Record<string, string>;
  /** The query string (without `?`). */
  query?: (owner: Owned) => string;
  /** A valid JSON body (naming `owner`'s data where the route takes ids in its body). */
  body?: (owner: Owned) => unknown;
  /** Where this route takes ids of data; empty: it acts on the token's user only. */
  ids: IdPlace[];
  /**
   * The route's designed answer when a dependency is slow or down is 503 with Retry-After (GET /health
   * when DynamoDB takes over a second, AI routes when the provider fails): not a crash.
   */
  unavailableByDesign?: true;
  /**
   * A valid request ends the caller's account (DELETE /v1/me): tests send it last, or as a user of
   * its own, and never as the user whose data the other routes aim at.
   */
  destroysCaller?: true;
  /** The route answers a browser rather than a client: a redirect, not JSON (the OAuth callback, a mail's unsubscribe link). */
  redirects?: true;
}

const post = (owner: Owned) => ({ id: owner.draftId });
const media = (owner: Owned) => ({ id: owner.mediaId });
/** An hour from now, to the second: a valid schedule time whenever the test runs. */
export const inAnHour = () => new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000).toISOString();

export const ROUTE_CASES: Record<string, RouteCase> = {
  'GET /health': { ids: [], unavailableByDesign: true },
  'GET /v1/me': { ids: [] },
  'PATCH /v1/me': { ids: [], body: () => ({ timezone: 'Europe/Paris' }) },
  // The body confirms with the account's email: `owner`'s, which only `owner` can use.
  'DELETE /v1/me': { ids: ['body'], destroysCaller: true, body: (owner) => ({ confirm: owner.email }) },
  'GET /v1/me/export': { ids: [] },
  'GET /v1/usage': { ids: [] },
  'POST /v1/posts': { ids: ['body'], body: (owner) => ({ content: 'A post with an image', media: [{ id: owner.mediaId, altText: 'alt' }] }) },
  'GET /v1/posts': { ids: ['query'], query: (owner) => `limit=1&cursor=${encodeURIComponent(owner.cursor)}` },
  'GET /v1/posts/{id}': { ids: ['path'], params: post },
  'PATCH /v1/posts/{id}': { ids: ['path', 'body'], params: post, body: (owner) => ({ content: 'Edited', version: 1, media: [{ id: owner.mediaId, altText: '' }] }) },
  'DELETE /v1/posts/{id}': { ids: ['path'], params: post },
  'POST /v1/posts/{id}/schedule': { ids: ['path'], params: post, body: () => ({ scheduledAt: inAnHour() }) },
  'POST /v1/posts/{id}/unschedule': { ids: ['path'], params: (owner) => ({ id: owner.scheduledId }) },
  'POST /v1/posts/{id}/publish': { ids: ['path'], params: post },
  // The queue (issue 13). Reorder names a post in its body; with the caller's own scheduled (not queued) post it is a 409, past the ownership check.
  'GET /v1/me/schedule': { ids: [] },
  'PUT /v1/me/schedule': { ids: [], body: () => ({ slots: [{ day: 'mon', time: '09:00' }, { day: 'thu', time: '12:30' }] }) },
  'POST /v1/posts/{id}/queue': { ids: ['path'], params: post },
  'GET /v1/queue': { ids: [] },
  'POST /v1/queue/reorder': { ids: ['body'], body: (owner) => ({ postId: owner.scheduledId, at: inAnHour() }) },
  'POST /v1/queue/pause': { ids: [] },
  'POST /v1/queue/resume': { ids: [] },
  'PUT /v1/posts/{id}/evergreen': { ids: ['path'], params: post, body: () => ({ gapDays: 30, approval: 'approve' }) },
  'DELETE /v1/posts/{id}/evergreen': { ids: ['path'], params: post },
  'POST /v1/media': { ids: [], body: () => ({ kind: 'image', contentType: 'image/png', size: 1024, fileName: 'photo.png' }) },
  'GET /v1/media/{id}': { ids: ['path'], params: media },
  'DELETE /v1/media/{id}': { ids: ['path'], params: media },
  // An export's download link: public, the signed token is the key; a forged one naming `owner`'s file must be refused.
  'GET /v1/media/{id}/download': { ids: ['query'], params: media, query: (owner) => `token=${Buffer.from(owner.userId).toString('base64url')}.forged`, redirects: true },
  'POST /v1/media/{id}/complete': { ids: ['path'], params: media },
  'POST /v1/linkedin/connect': { ids: [], body: () => ({ returnTo: '/settings' }) },
  'GET /v1/linkedin/callback': { ids: ['query'], query: (owner) => `code=sandbox-code&state=${owner.oauthState}`, redirects: true },
  'POST /v1/linkedin/complete': { ids: ['body'], body: (owner) => ({ code: 'sandbox-code', state: owner.oauthState }) },
  'DELETE /v1/linkedin': { ids: [] },
  'POST /v1/ai/drafts': { ids: [], unavailableByDesign: true, body: () => ({ topic: 'What a week of shipping taught me' }) },
  'POST /v1/ai/rewrite': { ids: [], unavailableByDesign: true, body: () => ({ content: 'We shipped it.', instruction: 'more personal' }) },
  'GET /v1/me/voice': { ids: [] },
  'PUT /v1/me/voice': { ids: [], body: () => ({ styleProfile: 'Short sentences.' }) },
  'GET /v1/me/notifications': { ids: [] },
  'PATCH /v1/me/notifications': { ids: [], body: () => ({ preferences: { postFailed: false } }) },
  // The unsubscribe link names its user in a signed token: a forged one (naming `owner`) must be refused.
  'POST /v1/notifications/unsubscribe': { ids: ['query'], query: (owner) => `token=${Buffer.from(owner.userId).toString('base64url')}.postFailed.forged` },
  'GET /v1/notifications/unsubscribe': { ids: ['query'], query: (owner) => `token=${Buffer.from(owner.userId).toString('base64url')}.postFailed.forged`, redirects: true },
};

/** The case of a route; throws for a route of the contract this table does not know yet. */
export function routeCase(route: Route): RouteCase {
  const found = ROUTE_CASES[routeKey(route.method, route.path)];
  if (!found) throw new Error(`${routeKey(route.method, route.path)} is missing from ROUTE_CASES (test/integration/support/route-cases.ts): say how to build a valid request to it`);
  return found;
}

/** Every route of the contract with its case (throws if one is missing). */
export function routesWithCases(): [Route, RouteCase][] {
  return ROUTES.map((route) => [route, routeCase(route)]);
}

/** The concrete path (and query) of a valid request to `route` naming `owner`'s data. */
export function pathFor(route: Route, owner: Owned): string {
  const known = routeCase(route);
  const params = known.params?.(owner) ?? {};
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`ROUTE_CASES['${route.method} ${route.path}'] gives no value for {${name}}`);
    return encodeURIComponent(value);
  });
  const query = known.query?.(owner);
  return query ? `${path}?${query}` : path;
}

/**
 * Gives `user` one of everything a request can name (a draft, a scheduled post, an image, a
 * cursor, a LinkedIn connection under way), through the API as the web app would. `connect`
 * connects the user's LinkedIn first (scheduling needs it).
 */
export async function ownedData(user: ApiClient, connect: (user: ApiClient) => Promise<unknown>, email: string): Promise<Owned> {
  await connect(user);
  const draft = await user.post('/v1/posts', { content: `The draft of ${email}` });
  const scheduled = await user.post('/v1/posts', { content: `The scheduled post of ${email}` });
  const scheduling = await user.post(`/v1/posts/${scheduled.body.id}/schedule`, { scheduledAt: inAnHour() });
  if (scheduling.status !== 200) throw new Error(`could not schedule: ${JSON.stringify(scheduling.body)}`);
  const image = await upload(user, 'image', png(4, 4), 'image/png', `${email}.png`);
  const list = await user.get('/v1/posts?limit=1');
  const connecting = await user.post('/v1/linkedin/connect', {});
  const oauthState = new URL(connecting.body.authorizationUrl as string).searchParams.get('state');
  if (!list.body.nextCursor || !oauthState) throw new Error('no cursor or no OAuth state to aim at');
  return { userId: user.userId, email, draftId: draft.body.id, scheduledId: scheduled.body.id, mediaId: image.id, cursor: list.body.nextCursor, oauthState };
}
