import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import type { Throttle } from '@contract/tiers';
import { keyModeOf, tierOf, usagePlanLimits, usagePlanResourceName, USAGE_PLAN_NAMES, type UsagePlanName } from '@contract/usage-plans';

export interface TierUsagePlansProps {
  api: apigw.IRestApi;
  stage: apigw.Stage;
  resourcePrefix: string;
  /** The stage throttle: what a pooled key's plan allows the whole pool. */
  pooledThrottle: Throttle;
}

/**
 * One usage plan per entry of USAGE_PLAN_NAMES, synthesized from the tier table
 * (lambdas/contract/tiers.ts through usage-plans.ts), on the API's stage: `<tier>`
 * for users' own keys (the tier's throttle and daily quota, per key) and
 * `<tier>-pooled` for the shared key of users past the key budget. Keys are
 * created and attached at run time by the authorizer, found by plan name.
 */
export class TierUsagePlans extends Construct {
  readonly plans: Record<UsagePlanName, apigw.UsagePlan>;

  constructor(scope: Construct, id: string, props: TierUsagePlansProps) {
    super(scope, id);
    const plans: Partial<Record<UsagePlanName, apigw.UsagePlan>> = {};
    for (const plan of USAGE_PLAN_NAMES) {
      const limits = usagePlanLimits(plan, props.pooledThrottle);
      plans[plan] = new apigw.UsagePlan(this, planId(plan), {
        name: usagePlanResourceName(props.resourcePrefix, plan),
        description:
          keyModeOf(plan) === 'dedicated'
            ? `Mark.0 ${tierOf(plan)} tier: one API key per user, held to the tier's rate, burst and daily quota`
            : `Mark.0 ${tierOf(plan)} tier, shared key: caps the pool as a whole; each user's limits are enforced by the handlers`,
        throttle: { rateLimit: limits.throttle.rateLimit, burstLimit: limits.throttle.burstLimit },
        ...(limits.requestsPerDay !== undefined ? { quota: { limit: limits.requestsPerDay, period: apigw.Period.DAY } } : {}),
        apiStages: [{ api: props.api, stage: props.stage }],
      });
    }
    this.plans = plans as Record<UsagePlanName, apigw.UsagePlan>;
  }
}

/** `free` → `Free`, `free-pooled` → `FreePooled`. */
function planId(plan: UsagePlanName): string {
  return plan
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
