import { Stack, type StackProps } from 'aws-cdk-lib';
import * as pricing from 'aws-cdk-lib/aws-pricingplanmanager';
import type { Construct } from 'constructs';
import type { CloudFrontPlan } from '../config';

export interface PlanStackProps extends StackProps {
  plan: Exclude<CloudFrontPlan, 'none'>;
  distributionArn: string;
  webAclArn: string;
}

/**
 * The distribution's CloudFront flat-rate plan (us-east-1, where the pricing
 * plan API lives): one monthly price for CloudFront and its AWS WAF web ACL
 * (the web app and the API), no overage charges; past the plan's monthly
 * allowance CloudFront slows the distribution down and AWS emails at 50, 80 and
 * 100%. The Free plan (1 M requests, 100 GB) covers about 10,000 users
 * (`npm run bench:cost` prints which plan each user count needs).
 *
 * CloudFormation creates a subscription but never changes its tier: moving up
 * is `aws pricingplanmanager` (docs/RUNBOOK.md), then `-c cloudFrontPlan=…`
 * to match. While subscribed, the distribution and its web ACL cannot be
 * deleted or replaced. `-c cloudFrontPlan=none` deploys pay-as-you-go.
 */
export class PlanStack extends Stack {
  readonly subscription: pricing.CfnSubscription;

  constructor(scope: Construct, id: string, props: PlanStackProps) {
    const { plan, distributionArn, webAclArn, ...stackProps } = props;
    super(scope, id, stackProps);
    this.subscription = new pricing.CfnSubscription(this, 'CloudFrontPlan', {
      planFamily: 'CloudFront',
      planTier: plan.toUpperCase(),
      // Exactly one distribution and exactly one web ACL, as the CloudFront plan family requires.
      resourceArns: [distributionArn, webAclArn],
    });
  }
}
