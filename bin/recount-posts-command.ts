import { parseArgs } from 'node:util';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import type { Env } from '@contract/environment';
import { commandLine, TABLE_OPTIONS } from './ops/command-line';
import { connect, UsageError, type Connection } from './ops/connection';
import { profileUserIds, recountPosts } from './ops/post-counts';
import { RUNTIME_FILE } from './runtime/runtime-info';

export const RECOUNT_USAGE = `Counts each user's posts by status and writes the counts on their profile
(draftPosts … failedPosts: the navigation's failed count, the Posts tabs, the
scheduled-post cap). Once after deploying the version that introduced them on a
stage that already had posts; any time to repair. Run it when the app is quiet:
a post that changes status meanwhile leaves its count off by one (run it again).

  npm run recount-posts -- [--user <id>] [--table <name>] [--region <region>]
  npm run recount-posts -- [--user <id>] --local [--data-dir .mark0] [--endpoint <url>] [--table mark0]

Without --user, every user (a Scan of the table). AWS (default): the data
stack's TableName output as --table (or TABLE_NAME), credentials and region as
for the AWS CLI. Locally (--local): the running local runtime's DynamoDB Local,
found through <data-dir>/${RUNTIME_FILE} (npm start must be running), or --endpoint.`;

/** `npm run recount-posts`: exit code 0 when every count was written, 1 (with the reason) otherwise. */
export async function runRecountCommand(argv: string[], io: { env?: Env; out?: (line: string) => void; cwd?: string } = {}): Promise<number> {
  const env = io.env ?? process.env;
  const out = io.out ?? ((line: string) => console.log(line));
  const args = commandLine(() => parseArgs({ args: argv, options: { user: { type: 'string' }, ...TABLE_OPTIONS }, strict: true }).values, RECOUNT_USAGE, out);
  if ('exit' in args) return args.exit;
  let connection: Connection;
  try {
    connection = connect({ ...args, dataDir: args['data-dir'] }, env, io.cwd ?? process.cwd());
  } catch (error) {
    if (error instanceof UsageError) {
      out(`recount-posts: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const db = createDocumentClient(connection.client);
  let users = 0;
  let changed = 0;
  try {
    const ids = args.user ? [args.user] : profileUserIds(db, connection.tableName);
    for await (const userId of ids) {
      const { before, after } = await recountPosts(db, connection.tableName, userId);
      users++;
      const moved = Object.entries(after).filter(([status, count]) => (before[status] ?? 0) !== count);
      if (moved.length === 0) continue;
      changed++;
      out(`${userId}: ${moved.map(([status, count]) => `${status} ${before[status] ?? 0} -> ${count}`).join(', ')}`);
    }
    out(`recount-posts: ${users} user(s) counted in ${connection.where}, table ${connection.tableName}; ${changed} had counts to correct.`);
    return 0;
  } catch (error) {
    out(`recount-posts: ${(error as Error).message}`);
    return 1;
  } finally {
    db.destroy();
  }
}
