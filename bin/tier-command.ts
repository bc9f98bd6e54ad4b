import { parseArgs } from 'node:util';
import { apiKeyBudget } from '@lambdas/wiring/config';
import { AwsApiKeyProvisioner } from '@lambdas/adapters/aws/api-gateway-keys';
import { DynamoApiKeyRegistry } from '@lambdas/adapters/dynamodb/api-key-registry';
import { DynamoAuditLog } from '@lambdas/adapters/dynamodb/audit-log';
import { createDocumentClient } from '@lambdas/adapters/dynamodb/document-client';
import { DynamoUserStore } from '@lambdas/adapters/dynamodb/user-store';
import { LocalApiKeyProvisioner } from '@lambdas/adapters/local/local-api-keys';
import { AUTHORIZER_CACHE_TTL_SECONDS } from '@contract/gateway-settings';
import { changeTier, type TierChange } from '@lambdas/core/keys/change-tier';
import { isTierName, TIER_NAMES } from '@contract/tiers';
import { usagePlanResourceName, type UsagePlanName } from '@contract/usage-plans';

import { commandLine, TABLE_OPTIONS } from './ops/command-line';
import { connect, UsageError, type Connection } from './ops/connection';
import { RUNTIME_FILE } from './runtime/runtime-info';
import { systemClock } from '@lambdas/adapters/system-clock';
import type { Env } from '@contract/environment';

export const TIER_USAGE = `Changes a user's tier: the profile, their API key's usage plan, and a tier.changed audit event.

  npm run tier -- --user <id> --tier <${TIER_NAMES.join('|')}> [--stage dev] [--table <name>] [--region <region>]
  npm run tier -- --user <id> --tier <tier> --local [--data-dir .mark0] [--endpoint <url>] [--table mark0]

AWS (default): the data stack's TableName output as --table (or TABLE_NAME), the
stage as --stage (or MARK0_STAGE, default dev), credentials and region as for the
AWS CLI. Locally (--local): the running local runtime's DynamoDB Local, found
through <data-dir>/${RUNTIME_FILE} (npm start must be running), or --endpoint.`;

/** `npm run tier`: exit code 0 when the tier is set, 1 (with the reason) otherwise. */
export async function runTierCommand(argv: string[], io: { env?: Env; out?: (line: string) => void; cwd?: string } = {}): Promise<number> {
  const env = io.env ?? process.env;
  const out = io.out ?? ((line: string) => console.log(line));
  const args = commandLine(
    () => parseArgs({ args: argv, options: { ...TABLE_OPTIONS, user: { type: 'string' }, tier: { type: 'string' }, stage: { type: 'string' } }, strict: true }).values,
    TIER_USAGE,
    out,
  );
  if ('exit' in args) return args.exit;
  if (!args.user) return fail(out, 'Say whose tier: --user <user id> (GET /v1/me shows it as userId).');
  if (!isTierName(args.tier)) return fail(out, `Say which tier: --tier ${TIER_NAMES.join(' | ')} (got ${JSON.stringify(args.tier ?? null)}).`);

  let connection: Connection;
  try {
    connection = connect({ ...args, dataDir: args['data-dir'] }, env, io.cwd ?? process.cwd());
  } catch (error) {
    if (error instanceof UsageError) return fail(out, error.message);
    throw error;
  }
  const resourcePrefix = `mark0-${args.stage ?? env['MARK0_STAGE'] ?? 'dev'}`;
  const region = args.region ?? env['AWS_REGION'];
  const target = args.local
    ? {
        provisioner: new LocalApiKeyProvisioner(),
        planName: (plan: UsagePlanName) => plan,
        where: `the local runtime (${connection.where})`,
      }
    : {
        provisioner: new AwsApiKeyProvisioner({ resourcePrefix, clientConfig: region ? { region } : {} }),
        planName: (plan: UsagePlanName) => usagePlanResourceName(resourcePrefix, plan),
        where: `AWS (table ${connection.tableName}, usage plans ${resourcePrefix}-*)`,
      };

  const db = createDocumentClient(connection.client);
  try {
    const change = await changeTier(
      {
        users: new DynamoUserStore(db, connection.tableName),
        audit: new DynamoAuditLog(db, connection.tableName, systemClock),
        registry: new DynamoApiKeyRegistry(db, connection.tableName),
        provisioner: target.provisioner,
        clock: systemClock,
        keyBudget: apiKeyBudget(env),
      },
      args.user,
      args.tier,
    );
    for (const line of describe(change, target.planName, target.where)) out(line);
    return 0;
  } catch (error) {
    return fail(out, (error as Error).message);
  } finally {
    db.destroy();
  }
}

function describe(change: TierChange, planName: (plan: UsagePlanName) => string, where: string): string[] {
  if (change.from === change.to && change.key.action === 'unchanged') {
    return [`User ${change.userId} is already on the ${change.to} tier in ${where}; nothing changed.`];
  }
  const lines = [`User ${change.userId}: tier ${change.from} -> ${change.to} in ${where}.`];
  switch (change.key.action) {
    case 'moved':
      lines.push(`API key: moved from usage plan ${planName(change.key.from)} to ${planName(change.key.to)} (same key; the plan's limits apply from the next request).`);
      break;
    case 'reassigned':
      lines.push(`API key: from ${planName(change.key.from)} to ${planName(change.key.to)} (${change.key.to.endsWith('-pooled') ? "the tier's shared key: the key budget is spent" : 'a key of their own'}).`);
      break;
    case 'none-yet':
      lines.push(`API key: none yet; their next request gets one on ${planName(change.to)}.`);
      break;
    case 'unchanged':
      lines.push(`API key: stays on ${planName(change.key.plan)}.`);
  }
  if (change.from !== change.to) lines.push('Audit log: tier.changed recorded.');
  lines.push(
    `Takes effect within ${AUTHORIZER_CACHE_TTL_SECONDS / 60} minutes: the authorizer caches each sign-in's result for ${AUTHORIZER_CACHE_TTL_SECONDS} s, ` +
      'so requests may carry the old tier until then.',
  );
  return lines;
}

function fail(out: (line: string) => void, message: string): number {
  out(`tier: ${message}`);
  return 1;
}
