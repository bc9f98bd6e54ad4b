/** Why each public route is public (see RouteTargets.publicRouteReasons). */
export const PUBLIC_ROUTE_REASONS: Record<string, string> = {
  'GET /health': 'a health check for probes and the operator: it reads one sentinel key (never user data) and says only whether the API and its table answer.',
  'GET /v1/linkedin/callback':
    "LinkedIn's OAuth redirect back through the user's browser, which carries no bearer token. It changes nothing: it reads " +
    'the 256-bit, 10-minute state stored server-side and redirects to the web app page checked when the state was made; the ' +
    'connection is completed by the signed-in user who started it (POST /v1/linkedin/complete).',
  'POST /v1/notifications/unsubscribe':
    'one-click unsubscribe from a mail (RFC 8058): the mail client POSTs without any session. The HMAC-signed token in the query ' +
    'names one user and one kind of mail; all it can do is turn that kind off for that user, and a changed token is a 400.',
  'GET /v1/notifications/unsubscribe':
    'a mail client that opens the List-Unsubscribe URL instead of POSTing to it: it changes nothing and only redirects to the ' +
    "web app's confirmation page with the same token, so link scanners cannot unsubscribe anyone.",
  'GET /v1/media/{id}/download':
    "a file's download link in a user's data export, followed from the saved file without a session. The HMAC-signed token names " +
    'one user, one file and an expiry a day after the export; it only redirects to a 5-minute signed GET of that file while it exists, and a changed or expired token is a 403.',
};
