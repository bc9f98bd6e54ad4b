import { ValidationError } from '../errors';

/**
 * Where the browser may be sent after the LinkedIn round trip. Only pages of the
 * web app's own origins: anything else would make the callback an open redirect
 * (a link that starts on our domain and lands on an attacker's).
 */
export interface WebOrigins {
  /** Allowed origins (`https://app.example.com`); the first is where the default page lives. */
  origins: readonly string[];
  /** Path of the default landing page, e.g. `/settings`. */
  defaultPath: string;
}

export function defaultReturnTo(web: WebOrigins): string {
  const first = web.origins[0];
  if (!first) throw new Error('No web app origin configured (WEB_APP_ORIGINS)');
  return new URL(web.defaultPath, first).toString();
}

/**
 * `returnTo` as an absolute URL on an allowed origin. Accepts an absolute URL on
 * one of the origins or a path (`/settings`), resolved against the first origin.
 * Refuses everything else, protocol-relative (`//evil.example`) and backslash
 * tricks (`/\evil.example`) included, with a 400 that says what is allowed.
 */
export function resolveReturnTo(returnTo: string | undefined, web: WebOrigins): string {
  if (returnTo === undefined) return defaultReturnTo(web);
  const refuse = () =>
    new ValidationError(`returnTo must be a page of the Mark.0 web app (${web.origins.join(', ')}), or a path such as /settings.`, [
      { field: 'returnTo', message: `must be on ${web.origins.join(' or ')}` },
    ]);
  // eslint-disable-next-line no-control-regex
  if (returnTo.length > 2048 || /[\u0000-\u001f\\]/.test(returnTo)) throw refuse();
  const isPath = returnTo.startsWith('/') && !returnTo.startsWith('//');
  let url: URL;
  try {
    url = isPath ? new URL(returnTo, web.origins[0]) : new URL(returnTo);
  } catch {
    throw refuse();
  }
  if (!web.origins.includes(url.origin) || url.username !== '' || url.password !== '') throw refuse();
  url.hash = '';
  return url.toString();
}

/** What LinkedIn's redirect back tells the web app: finish the connection with code and state, or why not. */
export type LandingOutcome = { callback: { code: string; state: string } } | { error: string };

/**
 * The landing URL with the outcome: `#linkedin=callback&code=…&state=…` in the
 * fragment (the web app then completes with POST /v1/linkedin/complete, as the
 * signed-in user), or `?linkedin=error&message=…` in the query. The code travels
 * in the fragment because browsers never send a fragment to a server: it stays
 * out of CloudFront's access logs and out of Referer headers.
 */
export function withOutcome(returnTo: string, outcome: LandingOutcome): string {
  const url = new URL(returnTo);
  for (const name of ['linkedin', 'message', 'code', 'state']) url.searchParams.delete(name);
  url.hash = '';
  if ('error' in outcome) {
    url.searchParams.set('linkedin', 'error');
    url.searchParams.set('message', outcome.error);
  } else {
    url.hash = new URLSearchParams({ linkedin: 'callback', code: outcome.callback.code, state: outcome.callback.state }).toString();
  }
  return url.toString();
}
