import { SesMailer } from '../../adapters/aws/ses-mailer';
import { DynamoExpiringConnections } from '../../adapters/dynamodb/expiring-connections';
import { DynamoMailOutbox } from '../../adapters/dynamodb/mail-outbox';
import { systemClock } from '../../adapters/system-clock';
import { ENV } from '../../contract/environment';
import { MAIL } from '../../core/mail/mail-rules';
import { required, webAppOrigins } from '../config';
import { connectionStore, db, mailPreferenceDeps, postStore, userStore } from './aws-deps';
import { secretEnv } from './secret-env';

/**
 * The mail function: the table (outbox, preferences, suppression, posts, connections), SES v2 with the
 * domain identity's From address and the configuration set, and the links' origins. Its own module: SES stays
 * out of every other bundle.
 */
export async function mailDeps() {
  // The app secret holds the unsubscribe token key.
  const e = await secretEnv();
  const tableName = required(e, ENV.tableName);
  return {
    outbox: new DynamoMailOutbox(db(), tableName),
    expiring: new DynamoExpiringConnections(db(), tableName),
    users: await userStore(),
    posts: await postStore(),
    connections: await connectionStore(),
    ...mailPreferenceDeps(e),
    mailer: new SesMailer(SesMailer.api(), {
      from: required(e, ENV.mailFrom),
      configurationSet: required(e, ENV.mailConfigurationSet),
      timeoutMs: MAIL.providerTimeoutMs,
    }),
    web: { origin: webAppOrigins(e)[0]!, apiUrl: required(e, ENV.apiUrl).replace(/\/$/, '') },
    clock: systemClock,
  };
}
