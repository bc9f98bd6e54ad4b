import type { AssignedApiKey, UsagePlanName } from '../../contract/usage-plans';

/**
 * Where API keys are created and attached to usage plans: API Gateway's
 * control plane in AWS (adapters/aws/api-gateway-keys.ts), an in-memory twin
 * on a machine (adapters/local/local-api-keys.ts). Every operation is
 * idempotent, so a retry after a crash or a timeout never makes a second key.
 */
export interface ApiKeyProvisioner {
  /**
   * Returns the key named `name` attached to `plan`, creating it (or only the
   * attachment) if missing. Throws ApiKeyLimitReachedError when the account has
   * no room for another key.
   */
  createKey(input: { name: string; plan: UsagePlanName }): Promise<AssignedApiKey>;
  /** Detaches the key from `from` and attaches it to `to` (a key meters in one plan per stage). */
  moveKey(key: { id: string; value: string }, from: UsagePlanName, to: UsagePlanName): Promise<void>;
  /**
   * Deletes the key named `name` (which also takes it out of its usage plan);
   * none by that name counts as deleted. By name, so a key whose provisioning
   * crashed before it was recorded is found too.
   */
  deleteKey(name: string): Promise<void>;
}

/** The account's (or this stage's budget of) API keys is used up: fall back to a pooled key. */
export class ApiKeyLimitReachedError extends Error {
  constructor(message = 'No room for another API key in this account and region') {
    super(message);
    this.name = 'ApiKeyLimitReachedError';
  }
}
