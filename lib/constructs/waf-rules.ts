import type { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { CORS_EXPOSE_HEADERS } from '@contract/gateway-settings';
import { IP_REFUSAL, ipRefusalBody, type IpRateLimit } from '@contract/ip-limits';

/**
 * Builders for the AWS WAF web ACL rules (the edge stack's one web ACL, in
 * front of the web app and the API) from lambdas/contract/ip-limits.ts: the
 * same per-IP refusal (429, the API error shape, Retry-After) everywhere.
 */

/** Key of the 429 body in a web ACL's `customResponseBodies`; add it with ipRefusalResponseBodies(). */
export const IP_REFUSAL_BODY_KEY = 'too-many-requests-from-ip';

export function ipRefusalResponseBodies(): Record<string, CfnWebACL.CustomResponseBodyProperty> {
  return { [IP_REFUSAL_BODY_KEY]: { contentType: 'APPLICATION_JSON', content: JSON.stringify(ipRefusalBody()) } };
}

export function visibility(metricName: string): CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName };
}

export interface IpRateRuleProps {
  name: string;
  priority: number;
  rule: IpRateLimit;
  /** Count only requests matching this statement (all requests without it). */
  scopeDown?: CfnWebACL.StatementProperty;
  /** The CORS origin the 429 may be read from (the web app's, or `*`). */
  corsAllowOrigin: string;
}

/**
 * A rate-based rule per client IP that blocks with our 429. WAF's custom
 * response headers are static: Retry-After is the rule's window, the longest an
 * address over the limit may have to wait (WAF unblocks it once its count over
 * the trailing window falls below the limit).
 */
export function ipRateRule(props: IpRateRuleProps): CfnWebACL.RuleProperty {
  return {
    name: props.name,
    priority: props.priority,
    statement: {
      rateBasedStatement: {
        aggregateKeyType: 'IP',
        limit: props.rule.limit,
        evaluationWindowSec: props.rule.windowSeconds,
        ...(props.scopeDown ? { scopeDownStatement: props.scopeDown } : {}),
      },
    },
    action: {
      block: {
        customResponse: {
          responseCode: IP_REFUSAL.status,
          customResponseBodyKey: IP_REFUSAL_BODY_KEY,
          responseHeaders: [
            { name: 'Retry-After', value: String(props.rule.windowSeconds) },
            { name: 'Cache-Control', value: 'no-store' },
            // Without CORS headers a browser hides the 429 from the web app, which would then see a network error.
            { name: 'Access-Control-Allow-Origin', value: props.corsAllowOrigin },
            { name: 'Access-Control-Expose-Headers', value: CORS_EXPOSE_HEADERS.join(',') },
          ],
        },
      },
    },
    visibilityConfig: visibility(props.name),
  };
}

/**
 * Matches requests WAF counts as unauthenticated (contract/ip-limits.ts
 * countsAsUnauthenticated): no `Authorization: Bearer …` header, and not a CORS
 * preflight. A missing header does not match the byte match, so NOT matches it.
 */
export function unauthenticatedRequests(): CfnWebACL.StatementProperty {
  return {
    andStatement: {
      statements: [
        {
          notStatement: {
            statement: {
              byteMatchStatement: {
                fieldToMatch: { singleHeader: { Name: 'authorization' } },
                positionalConstraint: 'STARTS_WITH',
                searchString: 'bearer ',
                textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
              },
            },
          },
        },
        {
          notStatement: {
            statement: {
              byteMatchStatement: {
                fieldToMatch: { method: {} },
                positionalConstraint: 'EXACTLY',
                searchString: 'OPTIONS',
                textTransformations: [{ priority: 0, type: 'NONE' }],
              },
            },
          },
        },
      ],
    },
  };
}

/**
 * Rules of the AWS managed core rule set that inspect the request body. Bodies
 * here are user-written prose (posts, AI prompts, voice examples) sent as JSON,
 * never rendered as HTML, fetched as URLs or opened as paths, so a post about web
 * security ("<script>", "../", an IP address in a URL, 169.254.169.254) would be
 * blocked for nothing; and SizeRestrictions_BODY blocks anything over 8 KB while
 * the API accepts up to 64 KB (the handlers refuse more with a 413). They count
 * (visible in metrics and sampled requests) instead of blocking.
 */
export const COMMON_RULE_SET_BODY_RULES = [
  'SizeRestrictions_BODY',
  'CrossSiteScripting_BODY',
  'GenericLFI_BODY',
  'GenericRFI_BODY',
  'EC2MetaDataSSRF_BODY',
] as const;

export function managedCommonRuleSet(props: { name: string; priority: number; countRules: readonly string[]; scopeDown?: CfnWebACL.StatementProperty }): CfnWebACL.RuleProperty {
  return {
    name: props.name,
    priority: props.priority,
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name: 'AWSManagedRulesCommonRuleSet',
        ruleActionOverrides: props.countRules.map((name) => ({ name, actionToUse: { count: {} } })),
        ...(props.scopeDown ? { scopeDownStatement: props.scopeDown } : {}),
      },
    },
    overrideAction: { none: {} },
    visibilityConfig: visibility(props.name),
  };
}

/**
 * Requests for the API, which CloudFront serves at the web app's origin
 * (lib/stacks/web-stack.ts API_PATH_PATTERNS): a path under /v1/, or /health.
 */
export function apiPaths(): CfnWebACL.StatementProperty {
  const path = (positionalConstraint: 'STARTS_WITH' | 'EXACTLY', searchString: string): CfnWebACL.StatementProperty => ({
    byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint, searchString, textTransformations: [{ priority: 0, type: 'NONE' }] },
  });
  return { orStatement: { statements: [path('STARTS_WITH', '/v1/'), path('EXACTLY', '/health')] } };
}
