import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer } from '../../adapters/aws/ses-mailer';
import { DynamoExpiringConnections } from '../../adapters/dynamodb/expiring-connections';
import { DynamoMailOutbox } from '../../adapters/dynamodb/mail-outbox';
import { systemClock } from '../../adapters/system-clock';
import { ENV } from '../../contract/environment';
import { MAIL } from '../../core/mail/mail-rules';
import { required, webAppOrigins } from '../config';
import { connectionStore, db, env, mailPreferenceDeps, postStore, userStore } from './aws-deps';

/**
 * The mail function: the table (outbox, preferences, suppression, posts, connections), SES v2 with the
 * domain identity's From address and the configuration set, and the links' origins. Its own module: the SES
 * client stays out of every other bundle.
 */
export async function mailDeps() {
  const e = await env();
  const tableName = required(e, ENV.tableName);
  return {
    outbox: new DynamoMailOutbox(db(), tableName),
    expiring: new DynamoExpiringConnections(db(), tableName),
    users: await userStore(),
    posts: await postStore(false),
    connections: await connectionStore(),
    ...(await mailPreferenceDeps()),
    mailer: new SesMailer(new SESv2Client({}), {
      from: required(e, ENV.mailFrom),
      configurationSet: required(e, ENV.mailConfigurationSet),
      timeoutMs: MAIL.providerTimeoutMs,
    }),
    web: { origin: webAppOrigins(e)[0]!, apiUrl: required(e, ENV.apiUrl).replace(/\/$/, '') },
    clock: systemClock,
  };
}
