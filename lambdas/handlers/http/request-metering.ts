import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ServiceUnavailableError, TooManyRequestsError } from '../../core/errors';
import { GATEWAY_RESPONSES } from '../../contract/gateway-responses';
import { METRICS } from '../../contract/metric-names';
import { DEFAULT_TIER, isTierName, TIERS } from '../../contract/tiers';
import { MetricUnit } from '../emf-metrics';
import type { Clock } from '../../core/ports/clock';
import type { RequestMeter } from '../../core/ports/request-meter';

import { logger, metrics } from '../powertools';
import { usageDay } from '../../core/usage/usage-day';

export interface MeteringDeps {
  meter: Pick<RequestMeter, 'count' | 'admit'>;
  clock: Clock;
}

/**
 * Holds users on a pooled API key to their tier, before the route handler runs.
 *
 * A pooled key is shared, so API Gateway cannot hold each of its users to their
 * tier: here one conditional write counts the request and checks the user's
 * throttle and daily quota (RequestMeter.admit), and a refusal is the same 429
 * the gateway would have sent. Users on a dedicated key were already held to
 * their tier by API Gateway (their key's usage plan) and cost nothing here:
 * their requests are counted from the access log, off the request path
 * (handlers/usage-counter.ts), so a read route costs its one DynamoDB call.
 */
export function requestMetering(deps: MeteringDeps | undefined): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    before: async (request) => {
      const context = request.event.requestContext?.authorizer;
      const userId = context?.['userId'];
      if (!deps || typeof userId !== 'string' || userId === '') return; // public route
      if (context?.['apiKeyMode'] !== 'pooled') return; // counted from the access log
      const now = deps.clock.now();
      const { day, resetsAt } = usageDay(now);
      const tier = isTierName(context['tier']) ? context['tier'] : DEFAULT_TIER;
      let admission;
      try {
        admission = await deps.meter.admit({ userId, day, now: now.getTime(), limits: TIERS[tier] });
      } catch (error) {
        logger.error('pooled-key limits could not be checked', error as Error);
        throw new ServiceUnavailableError('Your request could not be checked against your plan just now; try again in a moment.', 'SERVICE_UNAVAILABLE', 1);
      }
      if (admission.allowed) return;
      metrics.addMetric(METRICS.quotaHits, MetricUnit.Count, 1);
      if (admission.limit === 'quota') {
        const { code, message } = GATEWAY_RESPONSES.QUOTA_EXCEEDED;
        throw new TooManyRequestsError(message, (resetsAt.getTime() - now.getTime()) / 1000, code);
      }
      const { code, message } = GATEWAY_RESPONSES.THROTTLED;
      throw new TooManyRequestsError(message, admission.retryAfterMs / 1000, code);
    },
  };
}
