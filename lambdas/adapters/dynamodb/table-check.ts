import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { HEALTH_SENTINEL_KEY } from '../../contract/table-definition';
import type { DependencyCheck } from '../../core/ports/dependency-check';

/**
 * The table answers: one eventually consistent GetItem on the sentinel key
 * (half a read unit; whether the item exists does not matter). The signal cuts
 * the SDK's own retries short, so a slow table costs the caller the timeout, not more.
 */
export class DynamoTableCheck implements DependencyCheck {
  readonly name = 'database';

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async check(signal: AbortSignal): Promise<void> {
    await this.db.send(new GetCommand({ TableName: this.tableName, Key: { ...HEALTH_SENTINEL_KEY } }), { abortSignal: signal });
  }
}
