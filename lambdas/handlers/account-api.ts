import { getUsage, usageQuerySchema, type UsageDeps } from '../core/usage/get-usage';
import { updateMeSchema } from '../core/users/user-input';
import { getUser, updateMe, type UserDeps } from '../core/users/user-use-cases';
import { toMeView } from '../core/users/user';
import { httpApi, lazyHandler, type ProxyHandler } from './http/http-api';
import type { MeteringDeps } from './http/request-metering';

export type AccountDeps = UserDeps & UsageDeps & MeteringDeps;

/** The account function: who am I, my tier and settings, my usage today. */
export function createAccountApi(deps: AccountDeps): ProxyHandler {
  return httpApi(
    {
      'GET /v1/me': async (req) => ({ status: 200, body: toMeView(await getUser(deps, req.userId())) }),
      'PATCH /v1/me': async (req) => ({ status: 200, body: toMeView(await updateMe(deps, req.userId(), req.body(updateMeSchema))) }),
      'GET /v1/usage': async (req) => {
        req.query(usageQuerySchema);
        return { status: 200, body: await getUsage(deps, req.userId()) };
      },
    },
    deps,
  );
}

export const handler = lazyHandler(async () => {
  const { accountDeps } = await import('../adapters/aws/aws-deps');
  return createAccountApi(await accountDeps());
});
