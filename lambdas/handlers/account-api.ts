import { deleteAccountSchema, requestDeletion, type RequestDeletionDeps } from '../core/account-data/request-deletion';
import { linkedInStatus } from '../core/linkedin/linkedin-use-cases';
import { getUsage, usageQuerySchema, type UsageDeps } from '../core/usage/get-usage';
import { updateMeSchema } from '../core/users/user-input';
import { getUser, updateMe, type UserDeps } from '../core/users/user-use-cases';
import { toMeView } from '../core/users/user';
import type { LinkedInConnectionStore } from '../core/ports/linkedin-connection-store';
import { httpApi, lazyHandler, type ProxyHandler } from './http/http-api';
import type { MeteringDeps } from './http/request-metering';
import { logger } from './powertools';

export type AccountDeps = UserDeps & UsageDeps & MeteringDeps & RequestDeletionDeps & { connections: LinkedInConnectionStore };

/** The account function: who am I, my tier, settings and LinkedIn connection, my usage today; deleting the account. */
export function createAccountApi(deps: AccountDeps): ProxyHandler {
  // The profile and the connection are two items: read both at once.
  const me = async (userId: string, profile: Promise<Parameters<typeof toMeView>[0]>) => {
    const [user, linkedin] = await Promise.all([profile, linkedInStatus(deps, userId)]);
    return toMeView(user, linkedin);
  };
  return httpApi(
    {
      'GET /v1/me': async (req) => ({ status: 200, body: await me(req.userId(), getUser(deps, req.userId())) }),
      'PATCH /v1/me': async (req) => {
        const input = req.body(updateMeSchema);
        return { status: 200, body: await me(req.userId(), updateMe(deps, req.userId(), input)) };
      },
      'DELETE /v1/me': async (req) => {
        const input = req.body(deleteAccountSchema);
        const deletion = await requestDeletion(deps, req.userId(), input);
        logger.info('account deletion requested', { userId: req.userId(), requestedAt: deletion.requestedAt });
        return { status: 202, body: deletion };
      },
      'GET /v1/usage': async (req) => {
        req.query(usageQuerySchema);
        return { status: 200, body: await getUsage(deps, req.userId()) };
      },
    },
    deps,
  );
}

export const handler = lazyHandler(async () => {
  const { accountDeps } = await import('../wiring/aws/account-deps');
  return createAccountApi(await accountDeps((message, details) => logger.warn(message, details)));
});
