import { callbackSchema, completeSchema, connectSchema } from '../core/linkedin/linkedin-input';
import { completeConnection, disconnect, landFromLinkedIn, OtherAccountConnectError, startConnection, type LinkedInDeps } from '../core/linkedin/linkedin-use-cases';
import { httpApi, lazyHandler, type ProxyHandler } from './http/http-api';
import type { MeteringDeps } from './http/request-metering';
import { logger } from './powertools';
import { linkedinDeps } from '../wiring/aws/linkedin-deps';

/**
 * The LinkedIn function: connect (OAuth start), LinkedIn's redirect back (public:
 * it only passes code and state on to the web app), complete (as the signed-in
 * user who started; it also sends the user's waiting posts out, through the
 * publish queue), disconnect.
 */
export function createLinkedInApi(deps: LinkedInDeps & MeteringDeps): ProxyHandler {
  return httpApi(
    {
      'POST /v1/linkedin/connect': async (req) => ({ status: 200, body: await startConnection(deps, req.userId(), req.body(connectSchema, { optional: true })) }),
      'GET /v1/linkedin/callback': async (req) => {
        const parsed = callbackSchema.safeParse(req.event.queryStringParameters ?? {});
        const result = await landFromLinkedIn(deps, parsed.success ? parsed.data : {});
        if (!result.landed) logger.info('linkedin connection refused', { userId: result.userId, reason: result.message });
        return {
          status: 302,
          // no-referrer: the landing page must not pass this URL (code, state) on to anything it loads.
          headers: { Location: result.location, 'Referrer-Policy': 'no-referrer' },
        };
      },
      'POST /v1/linkedin/complete': async (req) => {
        const userId = req.userId();
        try {
          const { linkedin, returnTo, memberUrn, released } = await completeConnection(deps, userId, req.body(completeSchema));
          logger.info('linkedin connected', { userId, memberUrn });
          if (!released) logger.warn('waiting posts not released: the publish queue refused the message; they wait for their owner', { userId });
          return { status: 200, body: { linkedin, returnTo } };
        } catch (error) {
          // Someone's connect link finished in another account's browser: who started it is worth knowing.
          if (error instanceof OtherAccountConnectError) logger.warn('linkedin connection started from another account refused', { userId, startedBy: error.startedBy });
          throw error;
        }
      },
      'DELETE /v1/linkedin': async (req) => {
        await disconnect(deps, req.userId());
        return { status: 204 };
      },
    },
    deps,
  );
}

export const handler = lazyHandler(async () => {
  return createLinkedInApi(await linkedinDeps());
});
