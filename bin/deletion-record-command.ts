import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ENV, type Env } from '@contract/environment';
import { DynamoAccountDeletionStore } from '@lambdas/adapters/dynamodb/account-deletion-store';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import { HmacEmailFingerprint } from '@lambdas/adapters/hmac-email-fingerprint';
import { systemClock } from '@lambdas/adapters/system-clock';
import { commandLine, TABLE_OPTIONS } from './ops/command-line';
import { connect, UsageError } from './ops/connection';

export const DELETION_RECORD_USAGE = `Answers "did you delete my data?": the deletion records of an email address.

  npm run deletion-record -- --email <address> --secret <AppSecretName> [--table <name>] [--region <region>]
  npm run deletion-record -- --email <address> --local [--data-dir .mark0]

Records keep a keyed hash of the email, never the email: the key comes from the app
secret's CURSOR_SIGNING_KEY (--secret, the data stack's AppSecretName output; or the
CURSOR_SIGNING_KEY variable), locally from <data-dir>/local-secrets.json.`;

/** `npm run deletion-record`: prints the records (0), or why it could not look (1). */
export async function runDeletionRecordCommand(argv: string[], io: { env?: Env; out?: (line: string) => void; cwd?: string } = {}): Promise<number> {
  const env = io.env ?? process.env;
  const out = io.out ?? ((line: string) => console.log(line));
  const args = commandLine(
    () => parseArgs({ args: argv, options: { ...TABLE_OPTIONS, email: { type: 'string' }, secret: { type: 'string' } }, strict: true }).values,
    DELETION_RECORD_USAGE,
    out,
  );
  if ('exit' in args) return args.exit;
  if (!args.email) return fail(out, 'Say whose: --email <address> (as the person signed in with it).');
  let key: string | undefined;
  let connection;
  try {
    connection = connect({ ...args, dataDir: args['data-dir'] }, env, io.cwd ?? process.cwd());
    key = await hashKey(args, env, io.cwd ?? process.cwd());
  } catch (error) {
    if (error instanceof UsageError) return fail(out, error.message);
    throw error;
  }
  const db = createDocumentClient(connection.client);
  try {
    const records = await new DynamoAccountDeletionStore(db, connection.tableName, systemClock).byEmailHash(new HmacEmailFingerprint(key).of(args.email));
    if (records.length === 0) {
      out(`No deletion is recorded for ${args.email} in ${connection.tableName} (${connection.where}).`);
      return 0;
    }
    for (const record of records) {
      out(`user ${record.userId}: asked for ${record.requestedAt}, ${record.status === 'done' ? `finished ${record.completedAt}` : 'still running'}`);
      for (const [step, at] of Object.entries(record.steps)) out(`  ${step.padEnd(16)} ${at}`);
    }
    return 0;
  } finally {
    db.destroy();
  }
}

async function hashKey(args: { secret?: string; local?: boolean; 'data-dir'?: string; region?: string }, env: Env, cwd: string): Promise<string> {
  if (args.secret) {
    const secrets = new SecretsManagerClient(args.region ? { region: args.region } : {});
    const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: args.secret }));
    const value = (JSON.parse(SecretString ?? '{}') as Record<string, string>)[ENV.cursorSigningKey];
    if (!value) throw new UsageError(`The secret ${args.secret} has no ${ENV.cursorSigningKey}.`);
    return value;
  }
  if (env[ENV.cursorSigningKey]) return env[ENV.cursorSigningKey]!;
  if (args.local) {
    const file = resolve(cwd, args['data-dir'] ?? env['MARK0_DATA_DIR'] ?? '.mark0', 'local-secrets.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)[ENV.cursorSigningKey]!;
  }
  throw new UsageError(`Say where the hashing key is: --secret <AppSecretName> (AWS), ${ENV.cursorSigningKey}, or --local with the runtime's data dir.`);
}

function fail(out: (line: string) => void, message: string): number {
  out(message);
  return 1;
}
