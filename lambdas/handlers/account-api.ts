import { deleteAccountSchema, requestDeletion, type RequestDeletionDeps } from '../core/account-data/request-deletion';
import { getUsage, usageQuerySchema, type UsageDeps } from '../core/usage/get-usage';
import { updateMeSchema } from '../core/users/user-input';
import { updateMe, type UserDeps } from '../core/users/user-use-cases';
import { AccountDeletedError } from '../core/errors';
import { toLinkedInView } from '../core/linkedin/connection';
import { toMeView } from '../core/users/user';
import type { LinkedInConnectionStore } from '../core/ports/linkedin-connection-store';
import { UNSUBSCRIBE_PAGE_PATH } from '../contract/api/notifications';
import { getNotifications, unsubscribe, unsubscribeQuerySchema, updateNotifications, updateNotificationsSchema, type PreferenceDeps } from '../core/mail/mail-preferences';
import { httpApi, lazyHandler, type ProxyHandler } from './http/http-api';
import type { MeteringDeps } from './http/request-metering';
import { logger } from './powertools';
import { accountDeps } from '../wiring/aws/account-deps';

export type AccountDeps = UserDeps &
  UsageDeps &
  MeteringDeps &
  PreferenceDeps &
  RequestDeletionDeps & {
    connections: LinkedInConnectionStore;
    /** The web app's origin: a mail client that opens the unsubscribe URL is sent to its confirmation page. */
    web: { origins: string[] };
  };

/**
 * The account function: who am I, my tier, settings and LinkedIn connection,
 * my usage today, my mail preferences (and the one-click unsubscribe);
 * deleting the account. Each read is one database call (the profile and what
 * goes with it, read together; the mail settings keyed by the address the
 * authorizer passes); the time zone change and the mail preferences' are two
 * (the profile and its copy on the posting schedule in one transaction, then the
 * profile and the connection read together; the profile and the suppression read
 * together, then the update).
 */
export function createAccountApi(deps: AccountDeps): ProxyHandler {
  return httpApi(
    {
      'GET /v1/me': async (req) => ({ status: 200, body: await readMe(deps, req.userId()) }),
      'PATCH /v1/me': async (req) => {
        await updateMe(deps, req.userId(), req.body(updateMeSchema));
        return { status: 200, body: await readMe(deps, req.userId()) };
      },
      'DELETE /v1/me': async (req) => {
        // Optional here so that, sent without one, the use case says what to send (the account's email as confirm).
        const input = req.body(deleteAccountSchema, { optional: true });
        const deletion = await requestDeletion(deps, req.userId(), input);
        logger.info('account deletion requested', { userId: req.userId(), requestedAt: deletion.requestedAt });
        return { status: 202, body: deletion };
      },
      'GET /v1/usage': async (req) => {
        req.query(usageQuerySchema);
        return { status: 200, body: await getUsage(deps, req.userId(), req.keyMode() === 'pooled' ? 0 : 1) };
      },
      'GET /v1/me/notifications': async (req) => ({ status: 200, body: await getNotifications(deps, req.userId(), req.email()) }),
      'PATCH /v1/me/notifications': async (req) => ({
        status: 200,
        body: await updateNotifications(deps, req.userId(), req.email(), req.body(updateNotificationsSchema)),
      }),
      // RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" (form-encoded); the body says nothing the token does not.
      'POST /v1/notifications/unsubscribe': async (req) => {
        const result = await unsubscribe(deps, req.query(unsubscribeQuerySchema).token);
        logger.info('unsubscribed from a kind of mail', { kind: result.kind });
        return { status: 200, body: result };
      },
      // A GET never unsubscribes (link scanners follow links): it shows the page that asks.
      'GET /v1/notifications/unsubscribe': async (req) => {
        const { token } = req.query(unsubscribeQuerySchema);
        return { status: 302, headers: { Location: `${deps.web.origins[0]}${UNSUBSCRIBE_PAGE_PATH}?token=${encodeURIComponent(token)}`, 'Referrer-Policy': 'no-referrer' } };
      },
    },
    deps,
  );
}

export const handler = lazyHandler(async () => {
  return createAccountApi(await accountDeps((message, details) => logger.warn(message, details)));
});

/** The profile and the LinkedIn connection, read together (strongly consistent: a change just made shows). */
async function readMe(deps: AccountDeps, userId: string) {
  const { profile, connection } = await deps.accounts.read(userId, { connection: true });
  if (!profile) throw new AccountDeletedError();
  return toMeView(profile, toLinkedInView(connection, deps.clock.now()));
}
