import { SQSClient } from '@aws-sdk/client-sqs';
import { required } from '../config';
import { DynamoAccountDeletionStore } from '../../adapters/dynamodb/account-deletion-store';
import { HmacEmailFingerprint } from '../../adapters/hmac-email-fingerprint';
import { SqsDeletionQueue } from '../../adapters/aws/sqs-deletion-queue';
import { systemClock } from '../../adapters/system-clock';
import { ENV } from '../../contract/environment';
import { accountTableDeps, db, env, type Warn } from './aws-deps';

/** The account function: the table, and the deletion queue DELETE /v1/me starts a job on (SQS, so in its own module). */
export async function accountDeps(warn: Warn) {
  const e = await env();
  return {
    ...(await accountTableDeps()),
    records: new DynamoAccountDeletionStore(db(), required(e, ENV.tableName), systemClock),
    fingerprint: new HmacEmailFingerprint(required(e, ENV.cursorSigningKey)),
    queue: new SqsDeletionQueue(new SQSClient({}), required(e, ENV.deletionQueueUrl), warn),
  };
}
