import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { newId } from '../../core/ids';
import { RETENTION_DAYS, ttlAfterDays } from '../../core/retention';
import type { Clock } from '../../core/ports/clock';
import type { AuditEvent, AuditLog } from '../../core/ports/audit-log';
import { ENTITY, keys } from './keys';

/**
 * The Put of one audit entry: what append() sends, and what another store puts
 * in its own transaction when the entry must exist exactly when its change does
 * (a deleted post and its `post.deleted`, in one call).
 */
export function auditPut(tableName: string, userId: string, event: AuditEvent, now: Date) {
  const at = now.toISOString();
  const id = newId(now);
  return {
    TableName: tableName,
    Item: {
      PK: keys.user(userId),
      SK: keys.auditSk(at, id),
      type: ENTITY.audit,
      id,
      at,
      event: event.type,
      data: event.data ?? {},
      ttl: ttlAfterDays(now, RETENTION_DAYS.auditEvents),
    },
    // Append-only: an entry is never overwritten.
    ConditionExpression: 'attribute_not_exists(PK)',
  };
}

export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  async append(userId: string, event: AuditEvent): Promise<void> {
    await this.db.send(new PutCommand(auditPut(this.tableName, userId, event, this.clock.now())));
  }

  async list(userId: string, limit: number): Promise<(AuditEvent & { at: string; id: string })[]> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.user(userId), ':prefix': keys.auditSkPrefix },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => ({ type: item['event'], data: item['data'], at: item['at'], id: item['id'] }));
  }
}
