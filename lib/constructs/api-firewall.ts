import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { IP_LIMITS } from '@contract/ip-limits';
import {
  COMMON_RULE_SET_BODY_RULES,
  ipRateRule,
  ipRefusalResponseBodies,
  managedCommonRuleSet,
  unauthenticatedRequests,
  visibility,
} from './waf-rules';

export interface ApiFirewallProps {
  stage: apigw.Stage;
  resourcePrefix: string;
  corsAllowOrigin: string;
}

/** Rule names (also their CloudWatch metric names), in evaluation order. */
export const API_FIREWALL_RULES = {
  unauthenticated: 'ip-rate-unauthenticated',
  ceiling: 'ip-rate-ceiling',
  common: 'aws-common-rule-set',
} as const;

/**
 * The AWS WAF web ACL in front of the API stage: the per-IP rules of
 * lambdas/contract/ip-limits.ts, then the AWS managed core rule set. What a rule
 * blocks never reaches the authorizer or a function (nor their bill).
 *  1. requests without a bearer token: 67 per 10 minutes per address;
 *  2. every request: 3,000 per 5 minutes per address;
 *  3. the core rule set, body rules counting only (waf-rules.ts says why).
 * Rate refusals are our 429 (TOO_MANY_REQUESTS_FROM_IP); a core-rule block is
 * API Gateway's WAF_FILTERED gateway response, in our error shape too.
 */
export class ApiFirewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiFirewallProps) {
    super(scope, id);
    const name = `${props.resourcePrefix}-api`;
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name,
      description: 'Mark.0 API: per-IP rate limits and the AWS managed core rule set',
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      customResponseBodies: ipRefusalResponseBodies(),
      visibilityConfig: visibility(name),
      rules: [
        ipRateRule({
          name: API_FIREWALL_RULES.unauthenticated,
          priority: 0,
          rule: IP_LIMITS.apiUnauthenticated,
          scopeDown: unauthenticatedRequests(),
          corsAllowOrigin: props.corsAllowOrigin,
        }),
        ipRateRule({ name: API_FIREWALL_RULES.ceiling, priority: 1, rule: IP_LIMITS.apiCeiling, corsAllowOrigin: props.corsAllowOrigin }),
        managedCommonRuleSet({ name: API_FIREWALL_RULES.common, priority: 2, countRules: COMMON_RULE_SET_BODY_RULES }),
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'Association', { resourceArn: props.stage.stageArn, webAclArn: this.webAcl.attrArn });
  }
}
