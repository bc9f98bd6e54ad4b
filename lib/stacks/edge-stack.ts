import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { IP_LIMITS } from '@contract/ip-limits';
import type { MarkConfig } from '../config';
import { ipRateRule, ipRefusalResponseBodies, visibility } from '../constructs/waf-rules';

/** CloudFront takes web ACLs (scope CLOUDFRONT) only from us-east-1, whatever region the app lives in. */
export const EDGE_REGION = 'us-east-1';

export interface EdgeStackProps extends StackProps {
  config: MarkConfig;
}

/** Rule names (also their CloudWatch metric names), in evaluation order. */
export const WEB_FIREWALL_RULES = { perIp: 'ip-rate-web', ipReputation: 'aws-ip-reputation' } as const;

/**
 * What CloudFront needs from us-east-1: the web app's AWS WAF web ACL. A stack
 * of its own, pinned to us-east-1, because a CLOUDFRONT-scope web ACL can only
 * be created there while the rest of Mark.0 lives in the operator's region.
 * The web stack reads the ACL's ARN through a cross-region stack reference
 * (weak: `Fn::GetStackOutput` with the region, no export, no custom resource),
 * so nothing but this small stack is tied to us-east-1.
 */
export class EdgeStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    const { config, ...stackProps } = props;
    super(scope, id, stackProps);
    const name = `${config.resourcePrefix}-web`;

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name,
      description: 'Mark.0 web app on CloudFront: per-IP rate limit and the AWS IP reputation list',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(name),
      // The same 429 as the API's per-IP rules (the API error shape, Retry-After).
      customResponseBodies: ipRefusalResponseBodies(),
      rules: [
        // Public static files: any page may read the 429 (the origin is not known here: the distribution comes after).
        ipRateRule({ name: WEB_FIREWALL_RULES.perIp, priority: 0, rule: IP_LIMITS.web, corsAllowOrigin: '*' }),
        {
          // Addresses AWS threat intelligence knows for bots and scanning: cheap (one small managed group) and
          // free of false positives for people. The core rule set (XSS, SQLi…) protects request inputs, and
          // this distribution serves static files only; the API has its own web ACL (api-firewall.ts).
          name: WEB_FIREWALL_RULES.ipReputation,
          priority: 1,
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesAmazonIpReputationList' } },
          overrideAction: { none: {} },
          visibilityConfig: visibility(WEB_FIREWALL_RULES.ipReputation),
        },
      ],
    });

    new CfnOutput(this, 'WebAclArn', { value: this.webAcl.attrArn, description: 'AWS WAF web ACL of the web app (CloudFront scope)' });
  }
}
