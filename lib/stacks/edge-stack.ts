import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { MarkConfig } from '../config';
import { WEB_IP_RATE_LIMIT } from '../web/web-ip-limit';

/** CloudFront takes web ACLs (scope CLOUDFRONT) only from us-east-1, whatever region the app lives in. */
export const EDGE_REGION = 'us-east-1';

export interface EdgeStackProps extends StackProps {
  config: MarkConfig;
}

/** The name of the 429 page WAF serves to an address over its limit. */
const TOO_MANY_BODY = 'too-many-requests';

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
    const metric = (name: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: `${config.resourcePrefix}-web-${name}` });

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `${config.resourcePrefix}-web`,
      description: 'Mark.0 web app on CloudFront: per-IP rate limit and the AWS IP reputation list',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: metric('acl'),
      customResponseBodies: {
        [TOO_MANY_BODY]: {
          contentType: 'TEXT_HTML',
          content:
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Too many requests · Mark.0</title></head>' +
            '<body><h1>Too many requests</h1><p>Your network address sent more requests than Mark.0 allows in a few minutes. ' +
            'Wait a few minutes, then reload the page.</p></body></html>',
        },
      },
      rules: [
        {
          name: 'PerIpRateLimit',
          priority: 0,
          statement: {
            rateBasedStatement: { aggregateKeyType: 'IP', limit: WEB_IP_RATE_LIMIT.limit, evaluationWindowSec: WEB_IP_RATE_LIMIT.windowSeconds },
          },
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: TOO_MANY_BODY,
                responseHeaders: [{ name: 'Retry-After', value: String(WEB_IP_RATE_LIMIT.windowSeconds) }],
              },
            },
          },
          visibilityConfig: metric('per-ip'),
        },
        {
          // Addresses AWS threat intelligence knows for bots and scanning: cheap (one small managed group) and
          // free of false positives for people. The common rule set (XSS, SQLi…) protects request inputs, and
          // this distribution serves static files only; the API has its own web ACL (issue 7).
          name: 'AmazonIpReputation',
          priority: 1,
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesAmazonIpReputationList' } },
          overrideAction: { none: {} },
          visibilityConfig: metric('ip-reputation'),
        },
      ],
    });

    new CfnOutput(this, 'WebAclArn', { value: this.webAcl.attrArn, description: 'AWS WAF web ACL of the web app (CloudFront scope)' });
  }
}
