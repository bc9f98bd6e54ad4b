import { DynamoRequestRecorder } from '../../adapters/dynamodb/request-recorder';
import { ENV } from '../../contract/environment';
import { required } from '../config';
import { db, env } from './aws-deps';

/** The usage counter: the table, and nothing else. */
export async function usageCounterDeps() {
  return { meter: new DynamoRequestRecorder(db(), required(await env(), ENV.tableName)) };
}
