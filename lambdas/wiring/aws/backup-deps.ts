import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { required } from '../config';
import { DynamoRestoredTableInspector } from '../../adapters/dynamodb/restored-table-inspector';
import { BackupValidationReporter } from '../../adapters/aws/backup-validation-reporter';
import { ENV } from '../../contract/environment';

/**
 * The backup-events function's composition root, apart from aws-deps.ts: the
 * AWS Backup client is not dropped by tree-shaking, so imported from there it
 * would ride in every API function's bundle.
 */
export async function backupEventsDeps() {
  const client = new DynamoDBClient({});
  return {
    inspector: new DynamoRestoredTableInspector(client, required(process.env, ENV.tableName)),
    reporter: new BackupValidationReporter(),
  };
}
