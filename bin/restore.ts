/**
 * `npm run restore -- --in <file>`: verifies a backup file (end line, item count,
 * SHA-256) and writes it into an EMPTY table; a non-empty table is refused.
 *
 *   --in <file>         the backup (required)
 *   --local             the running local runtime's table (npm start)
 *   --table <name>      else TABLE_NAME
 *   --endpoint <url>    else AWS_ENDPOINT_URL_DYNAMODB, else AWS
 *   --region <region>   else AWS_REGION / the AWS profile's
 *   --create            create the table from the shared definition if it does not exist
 *   --resume            continue an interrupted restore into the same table
 */
import './local-env';
import { parseArgs } from 'node:util';
import { ensureTable } from '@lambdas/adapters/dynamodb/create-table';
import { connect, UsageError } from './ops/connection';
import { importTable } from './ops/table-import';

const { values } = parseArgs({
  options: {
    in: { type: 'string' },
    local: { type: 'boolean' },
    table: { type: 'string' },
    endpoint: { type: 'string' },
    region: { type: 'string' },
    create: { type: 'boolean' },
    resume: { type: 'boolean' },
  },
});

try {
  if (!values.in) throw new UsageError('Say which backup to restore: npm run restore -- --in <file>');
  const connection = connect(values);
  console.error(`[restore] ${values.in} → ${connection.tableName} on ${connection.where}`);
  if (values.create && (await ensureTable(connection.client, connection.tableName)) === 'created') {
    console.error(`[restore] created table ${connection.tableName} from the shared definition`);
  }
  const result = await importTable({
    client: connection.client,
    tableName: connection.tableName,
    input: values.in,
    resume: values.resume,
    log: (line) => console.error(`[restore] ${line}`),
  });
  console.log(JSON.stringify({ table: connection.tableName, ...result }));
} catch (error) {
  console.error(`[restore] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
