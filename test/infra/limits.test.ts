import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { countsAsUnauthenticated, IP_LIMITS, ipRefusalBody } from '@contract/ip-limits';
import { ROUTES, routeKey } from '@contract/routes';
import { TIER_NAMES, TIERS } from '@contract/tiers';
import { ENV } from '@contract/environment';
import { FIREWALL_RULES } from '../../lib/stacks/edge-stack';
import { COMMON_RULE_SET_BODY_RULES, IP_REFUSAL_BODY_KEY } from '../../lib/constructs/waf-rules';
import { apiMethods } from './support/api-template';
import { logicalId, synthApp } from './support/synth';

const { api, edge, web, stacks, config } = synthApp();
const stageId = () => Object.keys(api.findResources('AWS::ApiGateway::Stage'))[0]!;
// The API the web stack made: the API stack receives its id.
const restApiId = () => stacks.api.resolve(stacks.api.restApi.api.restApiId) as unknown;

type Rule = { Name: string; Priority: number; Statement: Record<string, any>; Action?: Record<string, any>; OverrideAction?: unknown };
const webAcl = () => Object.values(edge.findResources('AWS::WAFv2::WebACL'))[0] as { Properties: { Rules: Rule[]; CustomResponseBodies: Record<string, { ContentType: string; Content: string }> } & Record<string, unknown> };
const rule = (name: string) => webAcl().Properties.Rules.find((r) => r.Name === name)!;

describe('usage plans, synthesized from the tier table', () => {
  it.each(TIER_NAMES)('%s: a plan for dedicated keys with the tier\'s rate, burst and daily quota, on the stage', (tier) => {
    api.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      UsagePlanName: `mark0-dev-${tier}`,
      Throttle: { RateLimit: TIERS[tier].rateLimit, BurstLimit: TIERS[tier].burstLimit },
      Quota: { Limit: TIERS[tier].requestsPerDay, Period: 'DAY' },
      ApiStages: [{ ApiId: restApiId(), Stage: { Ref: stageId() } }],
    });
  });

  it.each(TIER_NAMES)('%s-pooled: a plan for the shared key, capped at the stage throttle, with no quota (enforced per user in-app)', (tier) => {
    api.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      UsagePlanName: `mark0-dev-${tier}-pooled`,
      Throttle: { RateLimit: config.apiThrottle.rateLimit, BurstLimit: config.apiThrottle.burstLimit },
      Quota: Match.absent(),
      ApiStages: [{ ApiId: restApiId(), Stage: { Ref: stageId() } }],
    });
  });

  it('has exactly those plans and no API key or usage-plan key in the template (the authorizer creates them per user)', () => {
    api.resourceCountIs('AWS::ApiGateway::UsagePlan', TIER_NAMES.length * 2);
    api.resourceCountIs('AWS::ApiGateway::ApiKey', 0);
    api.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 0);
  });

  it('takes API keys from the authorizer, never from a client header', () => {
    web.hasResourceProperties('AWS::ApiGateway::RestApi', { ApiKeySourceType: 'AUTHORIZER' });
  });

  it('requires an API key on every user route, and on no public one', () => {
    const methods = apiMethods(api);
    for (const route of ROUTES) {
      const method = methods.find((m) => m.key === routeKey(route.method, route.path))!;
      expect(method.properties['ApiKeyRequired'] === true, `${route.method} ${route.path}`).toBe(route.auth === 'user');
    }
  });

  it('tells the authorizer how to name keys and plans, and the key budget', () => {
    const fn = api.toJSON()['Resources'][logicalId(stacks.api.authorizerFunction.function)] as { Properties: { Environment: { Variables: Record<string, unknown> } } };
    expect(fn.Properties.Environment.Variables).toMatchObject({ [ENV.apiResourcePrefix]: 'mark0-dev', [ENV.apiKeyBudget]: '8000' });
    const custom = synthApp({ apiKeyBudget: '500' });
    const customFn = custom.api.toJSON()['Resources'][logicalId(custom.stacks.api.authorizerFunction.function)] as typeof fn;
    expect(customFn.Properties.Environment.Variables[ENV.apiKeyBudget]).toBe('500');
  });
});

describe('the one WAF web ACL, on the CloudFront distribution that serves the web app and the API', () => {
  it('is a CloudFront web ACL that allows by default, and no web ACL is left on the API stage', () => {
    edge.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} }, Name: 'mark0-dev-web' });
    api.resourceCountIs('AWS::WAFv2::WebACL', 0);
    api.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
  });

  it('evaluates the per-IP rules first, then the IP reputation list, then the core rule set', () => {
    expect(webAcl().Properties.Rules.map((r) => [r.Priority, r.Name])).toEqual([
      [0, FIREWALL_RULES.unauthenticated],
      [1, FIREWALL_RULES.ceiling],
      [2, FIREWALL_RULES.web],
      [3, FIREWALL_RULES.ipReputation],
      [4, FIREWALL_RULES.common],
    ]);
  });

  it('limits each address without a bearer token to IP_LIMITS.apiUnauthenticated (67 per 10 minutes) on the API', () => {
    expect(IP_LIMITS.apiUnauthenticated).toEqual({ limit: 67, windowSeconds: 600 });
    expect(rule(FIREWALL_RULES.unauthenticated).Statement['RateBasedStatement']).toMatchObject({
      AggregateKeyType: 'IP',
      Limit: IP_LIMITS.apiUnauthenticated.limit,
      EvaluationWindowSec: IP_LIMITS.apiUnauthenticated.windowSeconds,
    });
  });

  it('counts as unauthenticated exactly the API requests the local gateway counts (no bearer token, not a preflight), and no web app file', () => {
    const scopeDown = rule(FIREWALL_RULES.unauthenticated).Statement['RateBasedStatement'].ScopeDownStatement;
    const requests: { method: string; path: string; headers: Record<string, string> }[] = [
      { method: 'GET', path: '/v1/me', headers: {} },
      { method: 'GET', path: '/health', headers: {} },
      { method: 'GET', path: '/v1/me', headers: { authorization: 'Bearer a.b.c' } },
      { method: 'POST', path: '/v1/posts', headers: { authorization: 'bearer a.b.c' } },
      { method: 'GET', path: '/v1/me', headers: { authorization: 'Basic dXNlcjpwYXNz' } },
      { method: 'OPTIONS', path: '/v1/posts', headers: {} },
      { method: 'DELETE', path: '/v1/posts/1', headers: { authorization: 'Bearer' } },
      { method: 'GET', path: '/assets/index.js', headers: {} },
      { method: 'GET', path: '/calendar', headers: {} },
    ];
    for (const request of requests) {
      const api = request.path.startsWith('/v1/') || request.path === '/health';
      expect(matches(scopeDown, request), JSON.stringify(request)).toBe(
        api && countsAsUnauthenticated({ method: request.method, authorization: (request.headers as Record<string, string>)['authorization'] }),
      );
    }
  });

  it('caps every address at IP_LIMITS.apiCeiling (3,000 per 5 minutes) on the API, token or not, and at IP_LIMITS.web on the files', () => {
    const ceiling = rule(FIREWALL_RULES.ceiling).Statement['RateBasedStatement'];
    expect(ceiling).toMatchObject({ AggregateKeyType: 'IP', Limit: IP_LIMITS.apiCeiling.limit, EvaluationWindowSec: IP_LIMITS.apiCeiling.windowSeconds });
    const files = rule(FIREWALL_RULES.web).Statement['RateBasedStatement'];
    expect(files).toMatchObject({ AggregateKeyType: 'IP', Limit: IP_LIMITS.web.limit, EvaluationWindowSec: IP_LIMITS.web.windowSeconds });
    for (const [path, api] of [['/v1/posts', true], ['/health', true], ['/', false], ['/assets/a.js', false], ['/v1', false]] as const) {
      const request = { method: 'GET', path, headers: {} };
      expect(matches(ceiling.ScopeDownStatement, request), path).toBe(api);
      expect(matches(files.ScopeDownStatement, request), path).toBe(!api);
    }
  });

  it.each([FIREWALL_RULES.unauthenticated, FIREWALL_RULES.ceiling, FIREWALL_RULES.web])('%s refuses with 429 TOO_MANY_REQUESTS_FROM_IP in the API error shape, with Retry-After', (name) => {
    const response = rule(name).Action!['Block'].CustomResponse;
    expect(response.ResponseCode).toBe(429);
    const body = webAcl().Properties.CustomResponseBodies[response.CustomResponseBodyKey]!;
    expect(response.CustomResponseBodyKey).toBe(IP_REFUSAL_BODY_KEY);
    expect(body.ContentType).toBe('APPLICATION_JSON');
    expect(JSON.parse(body.Content)).toEqual(ipRefusalBody());
    const headers = Object.fromEntries((response.ResponseHeaders as { Name: string; Value: string }[]).map((h) => [h.Name, h.Value]));
    const windows: Record<string, number> = {
      [FIREWALL_RULES.unauthenticated]: IP_LIMITS.apiUnauthenticated.windowSeconds,
      [FIREWALL_RULES.ceiling]: IP_LIMITS.apiCeiling.windowSeconds,
      [FIREWALL_RULES.web]: IP_LIMITS.web.windowSeconds,
    };
    const window = windows[name];
    // One origin for the app and the API: the web app reads it without CORS, and so may any page (it says nothing but "wait").
    expect(headers).toEqual({ 'Retry-After': String(window), 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Retry-After,Location' });
  });

  it('runs the AWS managed core rule set on the API paths, its body rules counting only (free-text posts, bodies up to 64 KB)', () => {
    const common = rule(FIREWALL_RULES.common);
    expect(common.OverrideAction).toEqual({ None: {} });
    const { ScopeDownStatement, ...group } = common.Statement['ManagedRuleGroupStatement'];
    expect(group).toEqual({
      VendorName: 'AWS',
      Name: 'AWSManagedRulesCommonRuleSet',
      RuleActionOverrides: COMMON_RULE_SET_BODY_RULES.map((Name) => ({ Name, ActionToUse: { Count: {} } })),
    });
    expect(matches(ScopeDownStatement, { method: 'POST', path: '/v1/posts', headers: {} })).toBe(true);
    expect(matches(ScopeDownStatement, { method: 'GET', path: '/index.html', headers: {} })).toBe(false);
    expect(COMMON_RULE_SET_BODY_RULES).toContain('SizeRestrictions_BODY');
  });

  it('publishes metrics and sampled requests for the ACL and each rule', () => {
    for (const r of webAcl().Properties.Rules) {
      expect((r as unknown as { VisibilityConfig: unknown }).VisibilityConfig).toEqual({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: r.Name });
    }
  });
});

/** Just enough of WAF's statement semantics (And, Or, Not, ByteMatch on a header, the method or the path) to evaluate the scope-downs. */
function matches(statement: Record<string, any>, request: { method: string; path: string; headers: Record<string, string> }): boolean {
  if (statement['AndStatement']) return (statement['AndStatement'].Statements as Record<string, any>[]).every((s) => matches(s, request));
  if (statement['OrStatement']) return (statement['OrStatement'].Statements as Record<string, any>[]).some((s) => matches(s, request));
  if (statement['NotStatement']) return !matches(statement['NotStatement'].Statement, request);
  const byte = statement['ByteMatchStatement'];
  if (!byte) throw new Error(`Unsupported statement ${JSON.stringify(statement)}`);
  let value: string | undefined = byte.FieldToMatch.Method ? request.method : byte.FieldToMatch.UriPath ? request.path : request.headers[byte.FieldToMatch.SingleHeader?.Name];
  if (value === undefined) return false; // a missing header matches nothing
  for (const t of byte.TextTransformations as { Type: string }[]) if (t.Type === 'LOWERCASE') value = value.toLowerCase();
  if (byte.PositionalConstraint === 'EXACTLY') return value === byte.SearchString;
  if (byte.PositionalConstraint === 'STARTS_WITH') return value.startsWith(byte.SearchString);
  throw new Error(`Unsupported constraint ${byte.PositionalConstraint}`);
}
