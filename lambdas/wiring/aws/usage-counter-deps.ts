import { DynamoRequestMeter } from '../../adapters/dynamodb/request-meter';
import { ENV } from '../../contract/environment';
import { required } from '../config';
import { db, env } from './aws-deps';

/** The usage counter: the table, and nothing else. */
export async function usageCounterDeps() {
  return { meter: new DynamoRequestMeter(db(), required(await env(), ENV.tableName)) };
}
