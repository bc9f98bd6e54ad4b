import type { LinkedInConnection } from '@lambdas/core/linkedin/connection';
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

  async save(connection: LinkedInConnection): Promise<void> {
    this.connections.set(connection.userId, { ...connection });
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
