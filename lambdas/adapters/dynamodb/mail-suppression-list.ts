import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MailSuppressionList } from '../../core/ports/mail-outbox';
import { ENTITY, keys } from './keys';

/**
 * `MAILTO#<sha256 of the lower-cased address>` / `SUPPRESSED`: an address nothing more is sent to. Keyed by
 * the address (not the user: a bounce names only the address), hashed so the key holds no address in clear.
 * Kept until the operator removes it (docs/RUNBOOK.md, "mail-failed").
 */
export class DynamoMailSuppressionList implements MailSuppressionList {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async isSuppressed(address: string): Promise<boolean> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: suppressionKey(address) }));
    return Item !== undefined;
  }

  async suppress(address: string, reason: 'bounce' | 'complaint', at: Date): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...suppressionKey(address), type: ENTITY.mailSuppression, reason, at: at.toISOString() } }));
  }
}

export function suppressionKey(address: string): { PK: string; SK: string } {
  return { PK: keys.mailSuppression(createHash('sha256').update(address.trim().toLowerCase()).digest('hex')), SK: keys.mailSuppressionSk };
}
