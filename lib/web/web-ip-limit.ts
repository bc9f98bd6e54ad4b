/**
 * Requests one IP address may make to the web app's CloudFront distribution
 * in a 5-minute window before AWS WAF answers 429: a cold page load fetches a
 * few files (index.html, config.json, the hashed bundle, the favicon) and the
 * browser caches them, so 2,000 per 5 minutes leaves room for an office
 * behind one NAT address while cutting off a scraper or a flood.
 *
 * The per-IP figures belong with issue 7's `lambdas/core/ip-limits.ts`
 * (`IP_LIMITS.web`); this is the one place that reads until that lands.
 */
export const WEB_IP_RATE_LIMIT = { limit: 2_000, windowSeconds: 300 } as const;
