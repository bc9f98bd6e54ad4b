import type { RestoredTableFacts, RestoreValidationStatus } from './ports/restore-test';
import { TABLE, type TableDefinition } from '../contract/table-definition';

/**
 * A restored table must hold at least this share of the live table's item
 * count. The recovery point is at most a day old and DynamoDB refreshes
 * ItemCount only every six hours, so the two never match exactly; half catches
 * "the restore lost most of the data" (or restored another table) without
 * failing on a day of normal growth or TTL expiry.
 */
export const MIN_RESTORED_SHARE = 0.5;

export interface RestoreVerdict {
  status: RestoreValidationStatus;
  /** Shown in the AWS Backup console next to the restore test, and logged. */
  message: string;
}

/**
 * Judges a restored table: ACTIVE, the key schema and every index of the
 * shared definition, fully readable (the Scan that counted it got to the end),
 * and plausibly complete against the live table.
 */
export function judgeRestoredTable(facts: RestoredTableFacts, def: TableDefinition = TABLE): RestoreVerdict {
  const problems: string[] = [];
  if (facts.status !== 'ACTIVE') problems.push(`the table is ${facts.status}, not ACTIVE`);
  if (facts.partitionKey !== def.partitionKey || facts.sortKey !== def.sortKey) {
    problems.push(`its keys are ${facts.partitionKey}/${facts.sortKey}, expected ${def.partitionKey}/${def.sortKey}`);
  }
  for (const index of def.globalSecondaryIndexes) {
    const restored = facts.indexes.find((i) => i.indexName === index.indexName);
    if (!restored) problems.push(`index ${index.indexName} is missing`);
    else if (restored.partitionKey !== index.partitionKey || restored.sortKey !== index.sortKey) problems.push(`index ${index.indexName} has other keys`);
  }
  const minimum = Math.ceil(facts.liveItemCount * MIN_RESTORED_SHARE);
  if (facts.items < minimum || (facts.liveItemCount > 0 && facts.items === 0)) {
    problems.push(`it holds ${facts.items} items, fewer than ${minimum} (${MIN_RESTORED_SHARE * 100}% of the live table's ${facts.liveItemCount})`);
  }
  const summary = `${facts.items} items (${describeTypes(facts.itemsByType)}); live table about ${facts.liveItemCount}`;
  return problems.length === 0
    ? { status: 'SUCCESSFUL', message: `Restored table ${facts.tableName} is ACTIVE with the expected keys and indexes and ${summary}.` }
    : { status: 'FAILED', message: `Restored table ${facts.tableName} failed validation: ${problems.join('; ')}. Found ${summary}.` };
}

function describeTypes(byType: Record<string, number>): string {
  const entries = Object.entries(byType).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? 'none' : entries.map(([type, count]) => `${type} ${count}`).join(', ');
}

/** `arn:aws:dynamodb:eu-west-1:123:table/awsbackup-restore-test-x` → `awsbackup-restore-test-x` */
export function tableNameFromArn(arn: string): string | undefined {
  const match = /^arn:[^:]+:dynamodb:[^:]*:\d*:table\/([A-Za-z0-9_.-]{3,255})$/.exec(arn);
  return match?.[1];
}
