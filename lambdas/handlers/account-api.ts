import { linkedInStatus } from '../core/linkedin/linkedin-use-cases';
import { getUsage, usageQuerySchema, type UsageDeps } from '../core/usage/get-usage';
import { updateMeSchema } from '../core/users/user-input';
import { updateMe, type UserDeps } from '../core/users/user-use-cases';
import { NotFoundError } from '../core/errors';
import { toLinkedInView } from '../core/linkedin/connection';
import { toMeView } from '../core/users/user';
import type { LinkedInConnectionStore } from '../core/ports/linkedin-connection-store';
import { httpApi, lazyHandler, type ProxyHandler } from './http/http-api';
import type { MeteringDeps } from './http/request-metering';
import { accountDeps } from '../wiring/aws/aws-deps';

export type AccountDeps = UserDeps & UsageDeps & MeteringDeps & { connections: LinkedInConnectionStore };

/**
 * The account function: who am I, my tier, settings and LinkedIn connection,
 * my usage today. Each read is one database call (the profile and what goes
 * with it, read together); the time zone change is two (the update returns
 * the profile; the connection is read beside it).
 */
export function createAccountApi(deps: AccountDeps): ProxyHandler {
  return httpApi(
    {
      'GET /v1/me': async (req) => {
        const { profile, connection } = await deps.accounts.read(req.userId(), { connection: true });
        if (!profile) throw new NotFoundError('Your account was not found; sign in again.');
        return { status: 200, body: toMeView(profile, toLinkedInView(connection, deps.clock.now())) };
      },
      'PATCH /v1/me': async (req) => {
        const input = req.body(updateMeSchema);
        const [profile, linkedin] = await Promise.all([updateMe(deps, req.userId(), input), linkedInStatus(deps, req.userId())]);
        return { status: 200, body: toMeView(profile, linkedin) };
      },
      'GET /v1/usage': async (req) => {
        req.query(usageQuerySchema);
        return { status: 200, body: await getUsage(deps, req.userId(), req.keyMode() === 'pooled' ? 0 : 1) };
      },
    },
    deps,
  );
}

export const handler = lazyHandler(async () => {
  return createAccountApi(await accountDeps());
});
