import type { LinkedInConnection } from '@lambdas/core/linkedin/connection';
import type { AuditEvent, AuditedWrite } from '@lambdas/core/ports/audit-log';
import type { LinkedInConnectionStore } from '@lambdas/core/ports/linkedin-connection-store';

/** The LinkedInConnectionStore of lambdas/adapters/dynamodb/linkedin-connection-store.ts, in memory: one connection per user. */
export class MemoryConnectionStore implements LinkedInConnectionStore {
  readonly connections = new Map<string, LinkedInConnection>();
  /** Calls of markNeedsReconnect that changed a connection (each is one conditional write in DynamoDB). */
  readonly reconnectMarks: { userId: string; at: string }[] = [];

  async get(userId: string): Promise<LinkedInConnection | undefined> {
    const connection = this.connections.get(userId);
    return connection ? { ...connection } : undefined;
  }

  /** Audit entries written with a save (AuditedWrite), in order: the real store puts them in the same transaction. */
  readonly audited: { userId: string; event: AuditEvent; at: string }[] = [];

  async save(connection: LinkedInConnection, options: AuditedWrite = {}): Promise<void> {
    this.connections.set(connection.userId, { ...connection });
    if (options.audit) this.audited.push({ userId: connection.userId, event: options.audit.event, at: options.audit.at.toISOString() });
  }

  /** Conditional on the connection existing and not being marked yet, as in DynamoDB. */
  async markNeedsReconnect(userId: string, at: Date): Promise<boolean> {
    const connection = this.connections.get(userId);
    if (!connection || connection.status === 'needsReconnect') return false;
    this.connections.set(userId, { ...connection, status: 'needsReconnect', updatedAt: at.toISOString() });
    this.reconnectMarks.push({ userId, at: at.toISOString() });
    return true;
  }

  async delete(userId: string): Promise<boolean> {
    return this.connections.delete(userId);
  }
}
