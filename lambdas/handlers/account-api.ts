import { getUser, type UserDeps } from '../core/users/user-use-cases';
import { toMeView } from '../core/users/user';
import { httpApi, lazyHandler, type ProxyHandler } from './http/http-api';

/** The account function: who am I, my tier and settings. */
export function createAccountApi(deps: UserDeps): ProxyHandler {
  return httpApi({
    'GET /v1/me': async (req) => ({ status: 200, body: toMeView(await getUser(deps, req.userId())) }),
  });
}

export const handler = lazyHandler(async () => {
  const { accountDeps } = await import('../adapters/aws/aws-deps');
  return createAccountApi(await accountDeps());
});
