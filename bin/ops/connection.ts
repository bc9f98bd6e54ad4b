import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { answerTransactionsOnceCommitted, LOCAL_AWS } from '../runtime/dynamodb-local';
import { LOCAL_TABLE_NAME, RUNTIME_FILE, type RuntimeInfo } from '../runtime/runtime-info';

export interface ConnectionArgs {
  table?: string;
  endpoint?: string;
  region?: string;
  /** Use the running local runtime's DynamoDB Local and table (`npm start`). */
  local?: boolean;
  /** With `local`: the runtime's data dir (else MARK0_DATA_DIR, else .mark0). */
  dataDir?: string;
}

export interface Connection {
  client: DynamoDBClient;
  tableName: string;
  /** Where, for the log: `DynamoDB Local at …` or `AWS eu-west-1`. */
  where: string;
}

export class UsageError extends Error {}

/**
 * Which DynamoDB and which table an operator command (backup, restore, tier)
 * talks to: from flags; with --local, then from the file the running local
 * runtime writes (.mark0/runtime.json; without it, --endpoint and the runtime's
 * default table); otherwise from the environment (TABLE_NAME,
 * AWS_ENDPOINT_URL_DYNAMODB, AWS_REGION and the usual AWS credential chain).
 * --local is a flag, so it wins over whatever the shell's environment says.
 */
export function connect(args: ConnectionArgs, env: NodeJS.ProcessEnv = process.env, root = process.cwd()): Connection {
  let local: RuntimeInfo | undefined;
  if (args.local) {
    const file = resolve(root, args.dataDir ?? env['MARK0_DATA_DIR'] ?? '.mark0', RUNTIME_FILE);
    if (existsSync(file)) local = JSON.parse(readFileSync(file, 'utf8')) as RuntimeInfo;
    else if (!args.endpoint) throw new UsageError(`The local runtime is not running (no ${file}): start it with npm start, or pass --endpoint with its DynamoDB Local URL.`);
  }
  const tableName = args.local ? (args.table ?? local?.tableName ?? LOCAL_TABLE_NAME) : (args.table ?? env['TABLE_NAME']);
  if (!tableName) throw new UsageError('Say which table: --table <name> (the data stack\'s TableName output) or TABLE_NAME; or --local for the local runtime\'s.');
  const endpoint = args.local ? (args.endpoint ?? local?.dynamoEndpoint) : (args.endpoint ?? env['AWS_ENDPOINT_URL_DYNAMODB']);
  const isLocal = endpoint !== undefined && /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?$/.test(endpoint);
  const client = new DynamoDBClient({
    ...(isLocal ? LOCAL_AWS : {}),
    ...(args.region ? { region: args.region } : {}),
    ...(endpoint ? { endpoint } : {}),
    // Long exports meet throttling on busy tables: retry with client-side rate adaptation rather than fail.
    maxAttempts: 10,
    retryMode: 'adaptive',
  });
  // DynamoDB Local answers a transaction before committing it: wait for the commit, as the runtime's client does.
  if (isLocal) answerTransactionsOnceCommitted(client, endpoint);
  return { client, tableName, where: isLocal ? `DynamoDB Local at ${endpoint}` : endpoint ? `DynamoDB at ${endpoint}` : `AWS ${args.region ?? env['AWS_REGION'] ?? '(default region)'}` };
}
