/**
 * `npm run backup -- --out <file>`: exports the table to a checksummed JSON Lines
 * file, page by page; run it again after an interruption to continue.
 *
 *   --out <file>        where the backup goes (required)
 *   --local             the running local runtime's table (npm start)
 *   --table <name>      else TABLE_NAME
 *   --endpoint <url>    else AWS_ENDPOINT_URL_DYNAMODB, else AWS
 *   --region <region>   else AWS_REGION / the AWS profile's
 *   --page-size <n>     items per Scan page (default 1000)
 *   --force             replace an existing finished file
 */
import './local-env';
import { parseArgs } from 'node:util';
import { connect, UsageError } from './ops/connection';
import { exportTable } from './ops/table-export';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    local: { type: 'boolean' },
    table: { type: 'string' },
    endpoint: { type: 'string' },
    region: { type: 'string' },
    'page-size': { type: 'string' },
    force: { type: 'boolean' },
  },
});

try {
  if (!values.out) throw new UsageError('Say where the backup goes: npm run backup -- --out <file>');
  const connection = connect(values);
  console.error(`[backup] ${connection.tableName} on ${connection.where} → ${values.out}`);
  const result = await exportTable({
    client: connection.client,
    tableName: connection.tableName,
    out: values.out,
    pageSize: values['page-size'] ? Number(values['page-size']) : undefined,
    force: values.force,
    log: (line) => console.error(`[backup] ${line}`),
  });
  console.log(JSON.stringify({ file: values.out, ...result }));
} catch (error) {
  console.error(`[backup] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
