import { webAppOrigins } from '../config';
import { accountReader, connectionStore, mailPreferenceDeps, metering, userStore } from './aws-deps';
import { secretEnv } from './secret-env';

/** The account function: profile, usage, connection, mail preferences and unsubscribe tokens (the app secret's key), the web origin. */
export async function accountDeps() {
  const e = await secretEnv();
  return {
    users: await userStore(),
    accounts: await accountReader(),
    connections: await connectionStore(),
    ...mailPreferenceDeps(e),
    web: { origins: webAppOrigins(e) },
    ...(await metering()),
  };
}
