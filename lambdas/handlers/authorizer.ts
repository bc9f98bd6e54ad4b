import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from './emf-metrics';
import { BUSINESS_EVENTS, METRICS } from '../contract/metric-names';
import { AccountGoneError } from '../core/errors';
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent, Context } from 'aws-lambda';
import { ensureApiKey, type ApiKeyDeps } from '../core/keys/ensure-api-key';
import { keyModeOf, type KeyMode } from '../contract/usage-plans';
import { recordActivity } from '../core/users/activity';
import type { UserProfile } from '../core/users/user';
import { ensureUser, type Identity } from '../core/users/user-use-cases';
import type { AuditLog } from '../core/ports/audit-log';
import type { Clock } from '../core/ports/clock';
import { InvalidTokenError, type TokenVerifier } from '../core/ports/token-verifier';
import type { UserStore } from '../core/ports/user-store';
import { profileSuppressed, type MailSettingsDeps } from '../core/mail/mail-settings';
import { lazyHandler } from './http/http-api';
import { logger, metrics } from './powertools';
import { authorizerDeps } from '../wiring/aws/authorizer-deps';

/** `mailSettings`: the profile with its address's suppression, one read (the export takes the suppression from the context). */
export interface AuthorizerDeps extends MailSettingsDeps {
  verifier: TokenVerifier;
  users: UserStore;
  audit: AuditLog;
  clock: Clock;
  /** Provisions the user's API key on their first request (core/keys/ensure-api-key.ts). */
  apiKeys: Omit<ApiKeyDeps, 'clock'>;
}

/** What handlers find in `event.requestContext.authorizer` (values are strings, as API Gateway passes them). */
export interface AuthorizerContext {
  userId: string;
  /** The profile's address (it never changes): the mail settings and the export key the suppression item by it, with no profile read first. */
  email: string;
  tier: string;
  /**
   * 'true' when the profile's address is on the suppression list (a permanent bounce, a complaint), read
   * with the profile: the export writes it without a read of its own. As old as the cached result (5 minutes at most).
   */
  mailSuppressed: 'true' | 'false';
  /** 'pooled': the user shares their tier's key, so the handlers enforce the user's limits themselves. */
  apiKeyMode: KeyMode;
}

export type AuthorizerHandler = (event: APIGatewayTokenAuthorizerEvent, context: Context) => Promise<APIGatewayAuthorizerResult>;

/** API Gateway answers 401 (our JSON shape, via a gateway response) when an authorizer throws exactly this. */
export const UNAUTHORIZED = 'Unauthorized';

/**
 * The Lambda authorizer: verifies the bearer JWT, creates the account on the
 * first verified request, counts the user's first request of the day and each
 * new sign-in (metrics, audit), and hands the user id to handlers through the
 * authorizer context — the only place handlers take it from. It also returns
 * the user's API key as `usageIdentifierKey` (`apiKeySource: AUTHORIZER`): API
 * Gateway meters the request against that key's usage plan, the user's tier.
 * The key is provisioned once, on the first request, and read from the profile
 * afterwards, so a known user costs one BatchGetItem: the profile and the
 * suppression item of its address (passed on as `mailSuppressed`). A deleted account has no
 * profile and a deletion record: its tokens are refused (401), never signed up again.
 *
 * The result is cached by API Gateway per token (TTL), so the policy allows the
 * whole API, not just the method being called.
 */
export function createAuthorizer(deps: AuthorizerDeps): AuthorizerHandler {
  const authorize = async (event: APIGatewayTokenAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(event.authorizationToken ?? '');
    if (!match) {
      logger.info('request refused', { reason: 'no bearer token' });
      throw new Error(UNAUTHORIZED);
    }
    let identity: Identity;
    try {
      identity = await deps.verifier.verify(match[1]!);
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      logger.info('request refused', { reason: error.reason });
      throw new Error(UNAUTHORIZED, { cause: error });
    }
    const found = await deps.mailSettings.read(identity.userId, identity.email);
    let profile = found.profile;
    if (!profile) {
      const signUp = await ensureUser(deps, identity).catch((error: unknown) => {
        // The account was deleted: its still-unexpired tokens must not bring an empty one back under the same id.
        if (!(error instanceof AccountGoneError)) throw error;
        logger.info('request refused', { reason: 'account deleted', userId: identity.userId });
        throw new Error(UNAUTHORIZED, { cause: error });
      });
      profile = signUp.profile;
      if (signUp.created) {
        logger.info(BUSINESS_EVENTS.signedUp, { userId: profile.userId });
        await deps.audit.append(profile.userId, { type: 'user.signed_up' });
      }
    }
    const apiKey = await ensureApiKey({ ...deps.apiKeys, clock: deps.clock }, profile);
    if (!profile.apiKey) {
      // A new key assignment: pooled ones tell the operator the key budget is spent (README "API keys").
      logger.info('API key assigned', { userId: profile.userId, plan: apiKey.plan });
      metrics.addMetric(keyModeOf(apiKey.plan) === 'pooled' ? METRICS.apiKeysPooled : METRICS.apiKeysDedicated, MetricUnit.Count, 1);
    }
    await recordUsage(deps, profile, identity);
    // Only key assignments emit from here; no empty-metrics noise otherwise.
    metrics.publishStoredMetrics();
    const mailSuppressed = await profileSuppressed(deps, profile, found, identity.email);
    const context: AuthorizerContext = {
      userId: profile.userId,
      email: profile.email,
      tier: profile.tier,
      mailSuppressed: mailSuppressed ? 'true' : 'false',
      apiKeyMode: keyModeOf(apiKey.plan),
    };
    return {
      principalId: profile.userId,
      usageIdentifierKey: apiKey.value,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: wholeApiArn(event.methodArn) }],
      },
      context: { ...context },
    };
  };
  return middy(authorize).use(injectLambdaContext(logger, { clearState: true, resetKeys: true })) as unknown as AuthorizerHandler;
}

/**
 * Daily active users and sign-ins (see core/users/activity.ts). Telemetry must
 * never refuse a request: a failure here is logged and the request goes on.
 */
async function recordUsage(deps: AuthorizerDeps, profile: UserProfile, identity: Identity): Promise<void> {
  try {
    const activity = await recordActivity(deps, profile, identity);
    // Counted on the dashboard from these lines (Logs Insights), not as custom metrics billed by the month.
    if (activity.firstRequestToday) logger.info(BUSINESS_EVENTS.activeToday, { userId: profile.userId });
    if (activity.newSignIn) {
      logger.info(BUSINESS_EVENTS.signedIn, { userId: profile.userId });
      await deps.audit.append(profile.userId, { type: 'user.signed_in', data: { authTime: identity.authTime ?? null } });
    }
  } catch (error) {
    logger.error('could not record activity or sign-in', { userId: profile.userId, error: error as Error });
  }
}

/** arn:aws:execute-api:region:account:apiId/stage/METHOD/path → …/apiId/stage/*  */
export function wholeApiArn(methodArn: string): string {
  const [prefix, stage] = methodArn.split('/');
  return `${prefix}/${stage}/*`;
}

export const handler = lazyHandler(async () => {
  return createAuthorizer(await authorizerDeps());
});
