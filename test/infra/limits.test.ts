import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { countsAsUnauthenticated, IP_LIMITS, ipRefusalBody } from '@contract/ip-limits';
import { ROUTES, routeKey } from '@contract/routes';
import { TIER_NAMES, TIERS } from '@contract/tiers';
import { ENV } from '@contract/environment';
import { API_FIREWALL_RULES } from '../../lib/constructs/api-firewall';
import { COMMON_RULE_SET_BODY_RULES, IP_REFUSAL_BODY_KEY } from '../../lib/constructs/waf-rules';
import { apiMethods, webOriginSource } from './support/api-template';
import { logicalId, synthApp } from './support/synth';

const { api, web, stacks, config } = synthApp();
const stageId = () => Object.keys(api.findResources('AWS::ApiGateway::Stage'))[0]!;
const restApiId = () => logicalId(stacks.api.restApi.api);

type Rule = { Name: string; Priority: number; Statement: Record<string, any>; Action?: Record<string, any>; OverrideAction?: unknown };
const webAcl = () => Object.values(api.findResources('AWS::WAFv2::WebACL'))[0] as { Properties: { Rules: Rule[]; CustomResponseBodies: Record<string, { ContentType: string; Content: string }> } & Record<string, unknown> };
const rule = (name: string) => webAcl().Properties.Rules.find((r) => r.Name === name)!;

describe('usage plans, synthesized from the tier table', () => {
  it.each(TIER_NAMES)('%s: a plan for dedicated keys with the tier\'s rate, burst and daily quota, on the stage', (tier) => {
    api.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      UsagePlanName: `mark0-dev-${tier}`,
      Throttle: { RateLimit: TIERS[tier].rateLimit, BurstLimit: TIERS[tier].burstLimit },
      Quota: { Limit: TIERS[tier].requestsPerDay, Period: 'DAY' },
      ApiStages: [{ ApiId: { Ref: restApiId() }, Stage: { Ref: stageId() } }],
    });
  });

  it.each(TIER_NAMES)('%s-pooled: a plan for the shared key, capped at the stage throttle, with no quota (enforced per user in-app)', (tier) => {
    api.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      UsagePlanName: `mark0-dev-${tier}-pooled`,
      Throttle: { RateLimit: config.apiThrottle.rateLimit, BurstLimit: config.apiThrottle.burstLimit },
      Quota: Match.absent(),
      ApiStages: [{ ApiId: { Ref: restApiId() }, Stage: { Ref: stageId() } }],
    });
  });

  it('has exactly those plans and no API key or usage-plan key in the template (the authorizer creates them per user)', () => {
    api.resourceCountIs('AWS::ApiGateway::UsagePlan', TIER_NAMES.length * 2);
    api.resourceCountIs('AWS::ApiGateway::ApiKey', 0);
    api.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 0);
  });

  it('takes API keys from the authorizer, never from a client header', () => {
    api.hasResourceProperties('AWS::ApiGateway::RestApi', { ApiKeySourceType: 'AUTHORIZER' });
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

describe('the WAF web ACL on the API stage', () => {
  it('is a regional web ACL that allows by default, associated with the stage', () => {
    api.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL', DefaultAction: { Allow: {} }, Name: 'mark0-dev-api' });
    const association = Object.values(api.findResources('AWS::WAFv2::WebACLAssociation'))[0] as { Properties: { ResourceArn: unknown; WebACLArn: unknown } };
    expect(association.Properties.WebACLArn).toEqual({ 'Fn::GetAtt': [logicalId(stacks.api.firewall.webAcl), 'Arn'] });
    const arn = JSON.stringify(association.Properties.ResourceArn);
    expect(arn).toContain(`/restapis/`);
    expect(arn).toContain(`{"Ref":"${restApiId()}"},"/stages/",{"Ref":"${stageId()}"}`);
  });

  it('evaluates the per-IP rules before the managed rules', () => {
    expect(webAcl().Properties.Rules.map((r) => [r.Priority, r.Name])).toEqual([
      [0, API_FIREWALL_RULES.unauthenticated],
      [1, API_FIREWALL_RULES.ceiling],
      [2, API_FIREWALL_RULES.common],
    ]);
  });

  it('limits each address without a bearer token to IP_LIMITS.apiUnauthenticated (67 per 10 minutes)', () => {
    expect(IP_LIMITS.apiUnauthenticated).toEqual({ limit: 67, windowSeconds: 600 });
    expect(rule(API_FIREWALL_RULES.unauthenticated).Statement['RateBasedStatement']).toMatchObject({
      AggregateKeyType: 'IP',
      Limit: IP_LIMITS.apiUnauthenticated.limit,
      EvaluationWindowSec: IP_LIMITS.apiUnauthenticated.windowSeconds,
    });
  });

  it('counts as unauthenticated exactly the requests the local gateway counts (no bearer token, not a preflight)', () => {
    const scopeDown = rule(API_FIREWALL_RULES.unauthenticated).Statement['RateBasedStatement'].ScopeDownStatement;
    const requests: { method: string; headers: Record<string, string> }[] = [
      { method: 'GET', headers: {} },
      { method: 'GET', headers: { authorization: 'Bearer a.b.c' } },
      { method: 'POST', headers: { authorization: 'bearer a.b.c' } },
      { method: 'GET', headers: { authorization: 'Basic dXNlcjpwYXNz' } },
      { method: 'OPTIONS', headers: {} },
      { method: 'DELETE', headers: { authorization: 'Bearer' } },
    ];
    for (const request of requests) {
      expect(matches(scopeDown, request), JSON.stringify(request)).toBe(
        countsAsUnauthenticated({ method: request.method, authorization: (request.headers as Record<string, string>)['authorization'] }),
      );
    }
  });

  it('caps every address at IP_LIMITS.apiCeiling (3,000 per 5 minutes), token or not', () => {
    const statement = rule(API_FIREWALL_RULES.ceiling).Statement['RateBasedStatement'];
    expect(statement).toEqual({ AggregateKeyType: 'IP', Limit: IP_LIMITS.apiCeiling.limit, EvaluationWindowSec: IP_LIMITS.apiCeiling.windowSeconds });
  });

  it.each([API_FIREWALL_RULES.unauthenticated, API_FIREWALL_RULES.ceiling])('%s refuses with 429 TOO_MANY_REQUESTS_FROM_IP in the API error shape, with Retry-After and CORS', (name) => {
    const response = rule(name).Action!['Block'].CustomResponse;
    expect(response.ResponseCode).toBe(429);
    const body = webAcl().Properties.CustomResponseBodies[response.CustomResponseBodyKey]!;
    expect(response.CustomResponseBodyKey).toBe(IP_REFUSAL_BODY_KEY);
    expect(body.ContentType).toBe('APPLICATION_JSON');
    expect(JSON.parse(body.Content)).toEqual(ipRefusalBody());
    const headers = Object.fromEntries((response.ResponseHeaders as { Name: string; Value: string }[]).map((h) => [h.Name, h.Value]));
    const window = name === API_FIREWALL_RULES.ceiling ? IP_LIMITS.apiCeiling.windowSeconds : IP_LIMITS.apiUnauthenticated.windowSeconds;
    const { 'Access-Control-Allow-Origin': origin, ...rest } = headers;
    expect(rest).toEqual({ 'Retry-After': String(window), 'Cache-Control': 'no-store', 'Access-Control-Expose-Headers': 'Retry-After,Location' });
    // The web app's origin (the CloudFront distribution), the API's one CORS origin.
    expect(webOriginSource(origin, web)).toEqual({ 'Fn::GetAtt': [logicalId(stacks.web.distribution), 'DomainName'] });
  });

  it('runs the AWS managed core rule set, its body rules counting only (free-text posts, bodies up to 64 KB)', () => {
    const common = rule(API_FIREWALL_RULES.common);
    expect(common.OverrideAction).toEqual({ None: {} });
    expect(common.Statement['ManagedRuleGroupStatement']).toEqual({
      VendorName: 'AWS',
      Name: 'AWSManagedRulesCommonRuleSet',
      RuleActionOverrides: COMMON_RULE_SET_BODY_RULES.map((Name) => ({ Name, ActionToUse: { Count: {} } })),
    });
    expect(COMMON_RULE_SET_BODY_RULES).toContain('SizeRestrictions_BODY');
  });

  it('publishes metrics and sampled requests for the ACL and each rule', () => {
    for (const r of webAcl().Properties.Rules) {
      expect((r as unknown as { VisibilityConfig: unknown }).VisibilityConfig).toEqual({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: r.Name });
    }
  });

  it('answers a managed-rule block (WAF_FILTERED) in the API error shape', () => {
    api.hasResourceProperties('AWS::ApiGateway::GatewayResponse', { ResponseType: 'WAF_FILTERED', StatusCode: '403' });
  });
});

/** Just enough of WAF's statement semantics (And, Not, ByteMatch on a header or the method) to evaluate the scope-down. */
function matches(statement: Record<string, any>, request: { method: string; headers: Record<string, string> }): boolean {
  if (statement['AndStatement']) return (statement['AndStatement'].Statements as Record<string, any>[]).every((s) => matches(s, request));
  if (statement['NotStatement']) return !matches(statement['NotStatement'].Statement, request);
  const byte = statement['ByteMatchStatement'];
  if (!byte) throw new Error(`Unsupported statement ${JSON.stringify(statement)}`);
  let value: string | undefined = byte.FieldToMatch.Method ? request.method : request.headers[byte.FieldToMatch.SingleHeader?.Name];
  if (value === undefined) return false; // a missing header matches nothing
  for (const t of byte.TextTransformations as { Type: string }[]) if (t.Type === 'LOWERCASE') value = value.toLowerCase();
  if (byte.PositionalConstraint === 'EXACTLY') return value === byte.SearchString;
  if (byte.PositionalConstraint === 'STARTS_WITH') return value.startsWith(byte.SearchString);
  throw new Error(`Unsupported constraint ${byte.PositionalConstraint}`);
}
