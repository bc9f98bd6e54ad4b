import { errorBody, type ErrorBody } from './api/errors';

/**
 * Per-IP limits, as data: CDK turns them into AWS WAF rate-based rules
 * (lib/constructs/waf-rules.ts: the API's web ACL here, the web app's CloudFront
 * web ACL in the web stack) and the local gateway applies the same rules
 * (bin/runtime/limits.ts). Written down in the README ("Per-IP protection").
 *
 * WAF counts requests over a trailing window of 1, 2, 5 or 10 minutes only.
 */
export const WAF_EVALUATION_WINDOWS = [60, 120, 300, 600] as const;
export type WafEvaluationWindow = (typeof WAF_EVALUATION_WINDOWS)[number];

export interface IpRateLimit {
  /** Requests one IP address may make in the window before it is refused (WAF's minimum is 10). */
  limit: number;
  windowSeconds: WafEvaluationWindow;
}

/** The plan's figure for unauthenticated traffic: about 100 requests per 15 minutes per IP. */
const PLAN_UNAUTHENTICATED = { requests: 100, perSeconds: 15 * 60 };

export const IP_LIMITS = {
  /**
   * API requests without a bearer token (CORS preflights aside): public routes,
   * probes, scanners. WAF's longest window is 10 minutes, so the plan's 100 per
   * 15 minutes becomes the same rate over 10: 67. Legitimate unauthenticated
   * calls are rare (a health probe, the LinkedIn OAuth redirect); a token is all
   * a real client needs to be counted under the higher ceiling instead.
   */
  apiUnauthenticated: {
    limit: Math.round((PLAN_UNAUTHENTICATED.requests * 600) / PLAN_UNAUTHENTICATED.perSeconds),
    windowSeconds: 600,
  },
  /**
   * Every API request from one address, with or without a token: 3,000 per
   * 5 minutes (10/s on average), twice what one free user may sustain, room for
   * an office of people behind one NAT address, and a bound on what a script
   * spraying forged tokens (each one an authorizer invocation) can cost. Five
   * minutes rather than ten, so a flood is cut off sooner.
   */
  apiCeiling: { limit: 3_000, windowSeconds: 300 },
  /**
   * The web app's static files on CloudFront: a cold page load fetches a few
   * dozen files, cached afterwards; 2,000 per 5 minutes per address.
   */
  web: { limit: 2_000, windowSeconds: 300 },
} as const satisfies Record<string, IpRateLimit>;

/** A bearer token in the Authorization header; what WAF (before any authorizer) can tell of "authenticated". */
export function hasBearerToken(authorization: string | undefined): boolean {
  return /^bearer\s/i.test(authorization ?? '');
}

/** Whether the unauthenticated per-IP rule counts a request. Preflights carry no token by design and are not counted. */
export function countsAsUnauthenticated(request: { method: string; authorization?: string }): boolean {
  return request.method.toUpperCase() !== 'OPTIONS' && !hasBearerToken(request.authorization);
}

/** The refusal when an address is over a per-IP limit: WAF's custom response in AWS, the local gateway's answer here. */
export const IP_REFUSAL = {
  status: 429,
  code: 'TOO_MANY_REQUESTS_FROM_IP',
  message: 'Too many requests from your network address; wait before trying again.',
} as const;

export function ipRefusalBody(): ErrorBody {
  return errorBody(IP_REFUSAL.code, IP_REFUSAL.message);
}
