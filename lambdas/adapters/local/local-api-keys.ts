import { randomBytes, randomUUID } from 'node:crypto';
import type { AssignedApiKey, UsagePlanName } from '../../contract/usage-plans';
import { ApiKeyLimitReachedError, type ApiKeyProvisioner } from '../../core/ports/api-key-provisioner';

/**
 * The local twin of API Gateway's key store, in memory: it makes key ids and
 * values and remembers which plan each key is in, idempotently by name as the
 * AWS adapter is. Which key a user meters with is recorded in the table (the
 * registry), exactly as in AWS; the local gateway meters by the key and the
 * plan the authorizer hands it. `limit` mimics the account's key limit.
 */
export class LocalApiKeyProvisioner implements ApiKeyProvisioner {
  private readonly byName = new Map<string, { id: string; value: string }>();
  private readonly planOfKey = new Map<string, UsagePlanName>();

  constructor(private readonly options: { limit?: number } = {}) {}

  async createKey(input: { name: string; plan: UsagePlanName }): Promise<AssignedApiKey> {
    let key = this.byName.get(input.name);
    if (!key) {
      if (this.byName.size >= (this.options.limit ?? Number.POSITIVE_INFINITY)) throw new ApiKeyLimitReachedError();
      key = { id: `local-${randomUUID()}`, value: randomBytes(30).toString('base64url') };
      this.byName.set(input.name, key);
    }
    this.planOfKey.set(key.id, input.plan);
    return { ...key, plan: input.plan };
  }

  async moveKey(key: { id: string; value: string }, _from: UsagePlanName, to: UsagePlanName): Promise<void> {
    this.planOfKey.set(key.id, to);
  }

  async deleteKey(name: string): Promise<void> {
    const key = this.byName.get(name);
    if (!key) return;
    this.byName.delete(name);
    this.planOfKey.delete(key.id);
  }

  /** Whether a key of this value exists (the local gateway refuses requests metered by a deleted key, as API Gateway does). */
  hasKeyValue(value: string): boolean {
    for (const key of this.byName.values()) if (key.value === value) return true;
    return false;
  }

  /** The names of the keys that exist (tests look). */
  keyNames(): string[] {
    return [...this.byName.keys()];
  }

  /** The plan a key is attached to (tests look). */
  planOf(keyId: string): UsagePlanName | undefined {
    return this.planOfKey.get(keyId);
  }
}
