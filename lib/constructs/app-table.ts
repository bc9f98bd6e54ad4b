import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2, type Attribute, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { HEALTH_SENTINEL_KEY, TABLE, type IndexDefinition, type TableDefinition } from '@contract/table-definition';

export interface AppTableProps {
  /** Retain the table (and turn on deletion protection) so no stack operation can drop user data. */
  retain: boolean;
  /** The shared definition; tests may pass another. */
  definition?: TableDefinition;
}

/**
 * Data operations the functions may be granted. No Scan: every read endpoint is
 * one Query or GetItem (ARCHITECTURE.md), so a Scan in a handler is a bug that
 * should fail loudly rather than read the whole table. Transactions need no
 * action of their own: IAM checks each item's Put/Update/Delete/ConditionCheck.
 */
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'] as const;
export const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'] as const;
/** `healthCheck`: GetItem on the health sentinel's partition only (GET /health), nothing else of the table. */
export type TableAccess = 'read' | 'readWrite' | 'healthCheck';

/**
 * The single table, built from lambdas/contract/table-definition.ts so its keys,
 * indexes and TTL attribute are the ones the local runtime creates and the
 * adapters query. On-demand billing (no capacity to plan at any scale this app
 * will see), point-in-time recovery for the full 35 days, deletion protection.
 *
 * TableV2 (AWS::DynamoDB::GlobalTable) rather than Table: it is the construct
 * AWS recommends for new tables, and adding a replica region later is a prop
 * rather than a table migration.
 */
export class AppTable extends Construct {
  readonly table: TableV2;
  readonly definition: TableDefinition;

  constructor(scope: Construct, id: string, props: AppTableProps) {
    super(scope, id);
    const def = (this.definition = props.definition ?? TABLE);
    this.table = new TableV2(this, 'Table', {
      partitionKey: stringKey(def.partitionKey),
      sortKey: stringKey(def.sortKey),
      globalSecondaryIndexes: def.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: projection(index),
      })),
      timeToLiveAttribute: def.ttlAttribute,
      billing: Billing.onDemand(),
      // Encrypted under the AWS managed key (aws/dynamodb) rather than an AWS-owned one: the same
      // protection at no key fee, and every use of the key shows in CloudTrail. Tokens in it are
      // encrypted again with our own key (TokenKey).
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 35 },
      deletionProtection: props.retain,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }
}

/**
 * Grants a principal item-level access to the table, and Query on each index by
 * name (from the shared definition) rather than CDK's `index/*`.
 */
export function grantTableData(table: ITableV2, grantee: iam.IGrantable, access: TableAccess, definition: TableDefinition = TABLE): void {
  if (access === 'healthCheck') {
    // dynamodb:LeadingKeys limits the partition keys a request may touch: the health function can read the sentinel and no user's data.
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:GetItem'],
      resourceArns: [table.tableArn],
      conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [HEALTH_SENTINEL_KEY.PK] } },
    });
    return;
  }
  const actions = access === 'read' ? [...TABLE_READ_ACTIONS] : [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS];
  iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [table.tableArn] });
  const indexArns = definition.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`);
  if (indexArns.length > 0) {
    // An index can only be queried (or scanned); item reads and writes go to the table.
    iam.Grant.addToPrincipal({ grantee, actions: ['dynamodb:Query'], resourceArns: indexArns });
  }
}

function stringKey(name: string): Attribute {
  // Every key attribute of the design is a string (keyAttributes() in the definition).
  return { name, type: AttributeType.STRING };
}

function projection(index: IndexDefinition): ProjectionType {
  switch (index.projection) {
    case 'ALL':
      return ProjectionType.ALL;
  }
}
