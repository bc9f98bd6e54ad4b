/**
 * How the API's front door behaves before any handler runs, as data: CDK
 * configures API Gateway from it (lib/constructs/mark-rest-api.ts, lib/stacks/api-stack.ts)
 * and the local gateway can apply the same numbers, so both answer alike.
 */

/**
 * Seconds API Gateway reuses an authorizer result for the same token. A tier
 * change or a deleted account takes effect for a signed-in user after at most
 * this long; in exchange, most requests skip the authorizer Lambda entirely.
 */
export const AUTHORIZER_CACHE_TTL_SECONDS = 300;

/** Request headers a browser may send cross-origin (answered in CORS preflights). */
export const CORS_ALLOW_HEADERS = ['Authorization', 'Content-Type'] as const;

/** Response headers a cross-origin page may read (the web app shows when to retry after a 429/503). */
export const CORS_EXPOSE_HEADERS = ['Retry-After', 'Location'] as const;

/** Seconds a browser may cache a CORS preflight answer. */
export const CORS_MAX_AGE_SECONDS = 600;

/**
 * The stage's default throttle (overridable per deployment: `-c apiRateLimit`,
 * `-c apiBurstLimit`). API Gateway applies it to each method separately, above
 * the per-user usage plans; it is also the cap of each pooled key's plan, which
 * a whole tier's pooled users share (contract/usage-plans.ts).
 */
export const STAGE_THROTTLE_DEFAULT = { rateLimit: 100, burstLimit: 200 } as const;
