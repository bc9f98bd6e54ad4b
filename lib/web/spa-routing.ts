/**
 * Which paths are the app's own pages (/calendar, /settings…) and get
 * index.html, and which are files: a path whose last segment has a dot is a
 * file (/assets/index-3f2a.js, /config.json, /favicon.svg), and a missing file
 * is a real 404 — never index.html with a 200, which a browser would try to
 * run as a script. Pure: no CDK.
 */
export function isAppRoute(path: string): boolean {
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

/**
 * The same rule as a CloudFront Function (JavaScript runtime 2.0) on viewer
 * requests: app routes are served index.html, everything else goes to S3 as
 * asked. Kept as source text because CloudFront runs it, not Node; a test
 * runs it against isAppRoute.
 */
export const APP_ROUTES_FUNCTION_SOURCE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}`;
