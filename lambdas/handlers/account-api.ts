import { updateMeSchema } from '../core/users/user-input';
import { getUser, updateMe, type UserDeps } from '../core/users/user-use-cases';
import { toMeView } from '../core/users/user';
import { httpApi, lazyHandler, type ProxyHandler } from './http/http-api';

/** The account function: who am I, my tier and settings. */
export function createAccountApi(deps: UserDeps): ProxyHandler {
  return httpApi({
    'GET /v1/me': async (req) => ({ status: 200, body: toMeView(await getUser(deps, req.userId())) }),
    'PATCH /v1/me': async (req) => ({ status: 200, body: toMeView(await updateMe(deps, req.userId(), req.body(updateMeSchema))) }),
  });
}

export const handler = lazyHandler(async () => {
  const { accountDeps } = await import('../adapters/aws/aws-deps');
  return createAccountApi(await accountDeps());
});
