import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { IP_LIMITS } from '@contract/ip-limits';
import type { MarkConfig } from '../config';
import { apiPaths, COMMON_RULE_SET_BODY_RULES, ipRateRule, ipRefusalResponseBodies, managedCommonRuleSet, unauthenticatedRequests, visibility } from '../constructs/waf-rules';

/** CloudFront takes web ACLs (scope CLOUDFRONT) only from us-east-1, whatever region the app lives in. */
export const EDGE_REGION = 'us-east-1';

export interface EdgeStackProps extends StackProps {
  config: MarkConfig;
}

/** Rule names (also their CloudWatch metric names), in evaluation order. */
export const FIREWALL_RULES = {
  unauthenticated: 'ip-rate-unauthenticated',
  ceiling: 'ip-rate-ceiling',
  web: 'ip-rate-web',
  ipReputation: 'aws-ip-reputation',
  common: 'aws-common-rule-set',
} as const;

/**
 * What CloudFront needs from us-east-1: the app's one AWS WAF web ACL, in
 * front of the web app and the API alike (CloudFront serves both from one
 * origin). A stack of its own, pinned to us-east-1, because a CLOUDFRONT-scope
 * web ACL can only be created there while the rest of Mark.0 lives in the
 * operator's region. The web stack reads the ACL's ARN through a cross-region
 * stack reference (weak: `Fn::GetStackOutput` with the region, no export, no
 * custom resource), so nothing but this small stack is tied to us-east-1.
 *
 * The rules, in order (what one blocks never reaches the authorizer, a
 * function, or their bill):
 *  1. API requests without a bearer token: 67 per 10 minutes per address;
 *  2. every API request: 3,000 per 5 minutes per address;
 *  3. the web app's files: 2,000 per 5 minutes per address;
 *  4. the AWS IP reputation list (bots and scanners AWS knows), everywhere;
 *  5. the AWS managed core rule set on the API paths, its body rules counting
 *     only (waf-rules.ts says why); the static files take no input.
 * Rate refusals are our 429 (TOO_MANY_REQUESTS_FROM_IP, the API error shape,
 * Retry-After); a core-rule block is WAF's plain 403.
 */
export class EdgeStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    const { config, ...stackProps } = props;
    super(scope, id, stackProps);
    const name = `${config.resourcePrefix}-web`;
    const api = apiPaths();

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name,
      description: 'Mark.0 on CloudFront, web app and API: per-IP rate limits, the AWS IP reputation list, the core rule set on the API',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(name),
      customResponseBodies: ipRefusalResponseBodies(),
      rules: [
        // Same origin for everything: any page of the app may read the 429 (and nothing else needs to).
        ipRateRule({
          name: FIREWALL_RULES.unauthenticated,
          priority: 0,
          rule: IP_LIMITS.apiUnauthenticated,
          scopeDown: { andStatement: { statements: [api, unauthenticatedRequests()] } },
          corsAllowOrigin: '*',
        }),
        ipRateRule({ name: FIREWALL_RULES.ceiling, priority: 1, rule: IP_LIMITS.apiCeiling, scopeDown: api, corsAllowOrigin: '*' }),
        ipRateRule({ name: FIREWALL_RULES.web, priority: 2, rule: IP_LIMITS.web, scopeDown: { notStatement: { statement: api } }, corsAllowOrigin: '*' }),
        {
          // Addresses AWS threat intelligence knows for bots and scanning: cheap (one small managed group) and free of false positives for people.
          name: FIREWALL_RULES.ipReputation,
          priority: 3,
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesAmazonIpReputationList' } },
          overrideAction: { none: {} },
          visibilityConfig: visibility(FIREWALL_RULES.ipReputation),
        },
        managedCommonRuleSet({ name: FIREWALL_RULES.common, priority: 4, countRules: COMMON_RULE_SET_BODY_RULES, scopeDown: api }),
      ],
    });

    new CfnOutput(this, 'WebAclArn', { value: this.webAcl.attrArn, description: 'AWS WAF web ACL of the web app and the API (CloudFront scope)' });
  }
}
