import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { required } from '../app-config';
import { DynamoRestoredTableInspector } from '../dynamodb/restored-table-inspector';
import { BackupValidationReporter } from './backup-validation-reporter';

/**
 * The backup-events function's composition root, apart from aws-deps.ts: the
 * AWS Backup client is not dropped by tree-shaking, so imported from there it
 * would ride in every API function's bundle.
 */
export async function backupEventsDeps() {
  const client = new DynamoDBClient({});
  return {
    inspector: new DynamoRestoredTableInspector(client, required(process.env, 'TABLE_NAME')),
    reporter: new BackupValidationReporter(),
  };
}
