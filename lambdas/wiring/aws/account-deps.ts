import { webAppOrigins, required } from '../config';
import { AwsApi } from '../../adapters/aws/aws-api';
import { SqsDeletionQueue } from '../../adapters/aws/sqs-deletion-queue';
import { DynamoAccountDeletionStore } from '../../adapters/dynamodb/account-deletion-store';
import { DynamoMailSettingsReader } from '../../adapters/dynamodb/mail-settings-reader';
import { HmacEmailFingerprint } from '../../adapters/hmac-email-fingerprint';
import { systemClock } from '../../adapters/system-clock';
import { ENV } from '../../contract/environment';
import { accountReader, connectionStore, db, mailPreferenceDeps, metering, userStore, type Warn } from './aws-deps';
import { secretEnv } from './secret-env';

/**
 * The account function: profile, usage, connection, mail preferences and
 * unsubscribe tokens (the app secret's key, which also keys the deleted
 * accounts' e-mail fingerprints), the web origin, and the deletion queue
 * DELETE /v1/me starts a job on (SQS, through the small signed client).
 */
export async function accountDeps(warn: Warn) {
  const e = await secretEnv();
  return {
    users: await userStore(),
    accounts: await accountReader(),
    connections: await connectionStore(),
    ...mailPreferenceDeps(e),
    mailSettings: new DynamoMailSettingsReader(db(), required(e, ENV.tableName)),
    web: { origins: webAppOrigins(e) },
    ...(await metering()),
    records: new DynamoAccountDeletionStore(db(), required(e, ENV.tableName), systemClock),
    fingerprint: new HmacEmailFingerprint(required(e, ENV.cursorSigningKey)),
    queue: new SqsDeletionQueue(new AwsApi({ service: 'sqs' }), required(e, ENV.deletionQueueUrl), warn),
  };
}
