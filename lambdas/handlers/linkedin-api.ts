import { connectSchema, callbackSchema } from '../core/linkedin/linkedin-input';
import { completeConnection, disconnect, startConnection, type LinkedInDeps } from '../core/linkedin/linkedin-use-cases';
import { httpApi, lazyHandler, type ProxyHandler } from './http/http-api';
import type { MeteringDeps } from './http/request-metering';
import { logger } from './powertools';

/** The LinkedIn function: connect (OAuth start), LinkedIn's redirect back (public), disconnect. */
export function createLinkedInApi(deps: LinkedInDeps & MeteringDeps): ProxyHandler {
  return httpApi(
    {
      'POST /v1/linkedin/connect': async (req) => ({ status: 200, body: await startConnection(deps, req.userId(), req.body(connectSchema)) }),
      'GET /v1/linkedin/callback': async (req) => {
        const parsed = callbackSchema.safeParse(req.event.queryStringParameters ?? {});
        const result = await completeConnection(deps, parsed.success ? parsed.data : {});
        if (result.connected) logger.info('linkedin connected', { userId: result.userId, memberUrn: result.memberUrn });
        else if (result.cause) logger.error('linkedin connection failed', { userId: result.userId, error: result.cause as Error });
        else logger.info('linkedin connection refused', { userId: result.userId, reason: result.message });
        return {
          status: 302,
          // no-referrer: the landing page must not pass this URL (code, state) on to anything it loads.
          headers: { Location: result.location, 'Referrer-Policy': 'no-referrer' },
        };
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
  const { linkedinDeps } = await import('../adapters/aws/linkedin-deps');
  return createLinkedInApi(await linkedinDeps());
});
