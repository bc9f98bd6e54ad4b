/** What the validator learns about a table AWS Backup restored for a restore test. */
export interface RestoredTableFacts {
  tableName: string;
  /** DescribeTable's TableStatus, e.g. ACTIVE. */
  status: string;
  partitionKey: string | undefined;
  sortKey: string | undefined;
  indexes: { indexName: string; partitionKey: string | undefined; sortKey: string | undefined }[];
  /** Items counted by a full Scan of the restored table, and how many of them by `type` attribute. */
  items: number;
  itemsByType: Record<string, number>;
  /** The live table's ItemCount (DynamoDB refreshes it about every six hours). */
  liveItemCount: number;
}

export interface RestoredTableInspector {
  inspect(restoredTableName: string): Promise<RestoredTableFacts>;
}

export type RestoreValidationStatus = 'SUCCESSFUL' | 'FAILED';

/** Tells AWS Backup how the validation went; the restore testing job shows it, then deletes the restored table. */
export interface RestoreValidationReporter {
  report(restoreJobId: string, status: RestoreValidationStatus, message: string): Promise<void>;
}
