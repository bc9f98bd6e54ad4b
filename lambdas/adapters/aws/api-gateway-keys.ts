import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  DeleteUsagePlanKeyCommand,
  GetApiKeysCommand,
  GetUsagePlansCommand,
  type APIGatewayClientConfig,
} from '@aws-sdk/client-api-gateway';
import { usagePlanResourceName, USAGE_PLAN_NAMES, type AssignedApiKey, type UsagePlanName } from '../../contract/usage-plans';
import { ApiKeyLimitReachedError, type ApiKeyProvisioner } from '../../core/ports/api-key-provisioner';
import { CONTROL_PLANE_RETRY, withControlPlaneRetry, type RetryPolicy } from './control-plane-retry';

export interface AwsApiKeyProvisionerOptions {
  /** The stage's resource prefix (`mark0-dev`): plans are `<prefix>-<plan>`, keys `<prefix>-<name>`. */
  resourcePrefix: string;
  client?: APIGatewayClient;
  clientConfig?: APIGatewayClientConfig;
  retry?: RetryPolicy;
}

/**
 * API keys and usage-plan keys through API Gateway's control plane.
 *
 * Idempotent by name: a key is looked up by its name before it is created, so a
 * retry after a crash (or a timeout whose request did land) finds the first key
 * instead of making another; attaching a key that is already attached
 * (ConflictException) and detaching one that is not (NotFoundException) count as
 * done. Plan ids are looked up by name once per execution environment: passing
 * them in the environment would make the authorizer depend on the usage plans,
 * which depend on the stage, which depends on the authorizer.
 */
export class AwsApiKeyProvisioner implements ApiKeyProvisioner {
  private readonly client: APIGatewayClient;
  private readonly retry: RetryPolicy;
  private planIds: Promise<Map<string, string>> | undefined;

  constructor(private readonly options: AwsApiKeyProvisionerOptions) {
    // The SDK's own retries are off: this adapter's bounded, jittered retries are the only ones.
    this.client = options.client ?? new APIGatewayClient({ maxAttempts: 1, ...options.clientConfig });
    this.retry = options.retry ?? CONTROL_PLANE_RETRY;
  }

  async createKey(input: { name: string; plan: UsagePlanName }): Promise<AssignedApiKey> {
    const name = `${this.options.resourcePrefix}-${input.name}`;
    const usagePlanId = await this.planId(input.plan);
    const key = (await this.findKey(name)) ?? (await this.newKey(name));
    await this.attach(key.id, usagePlanId);
    return { ...key, plan: input.plan };
  }

  async moveKey(key: { id: string; value: string }, from: UsagePlanName, to: UsagePlanName): Promise<void> {
    const [fromId, toId] = await Promise.all([this.planId(from), this.planId(to)]);
    // Detach first: a key may be in only one usage plan per stage.
    await this.call(() => this.client.send(new DeleteUsagePlanKeyCommand({ usagePlanId: fromId, keyId: key.id }))).catch(ignore('NotFoundException'));
    await this.attach(key.id, toId);
  }

  async deleteKey(name: string): Promise<void> {
    const key = await this.findKey(`${this.options.resourcePrefix}-${name}`);
    if (!key) return;
    // Deleting the key takes it out of its usage plan too.
    await this.call(() => this.client.send(new DeleteApiKeyCommand({ apiKey: key.id }))).catch(ignore('NotFoundException'));
  }

  private async attach(keyId: string, usagePlanId: string): Promise<void> {
    await this.call(() => this.client.send(new CreateUsagePlanKeyCommand({ usagePlanId, keyId, keyType: 'API_KEY' }))).catch(
      ignore('ConflictException'),
    );
  }

  private async findKey(name: string): Promise<{ id: string; value: string } | undefined> {
    let position: string | undefined;
    do {
      const page = await this.call(() => this.client.send(new GetApiKeysCommand({ nameQuery: name, includeValues: true, limit: 500, position })));
      // nameQuery matches by prefix: keep the exact name only.
      const found = page.items?.find((item) => item.name === name && item.id && item.value);
      if (found) return { id: found.id!, value: found.value! };
      position = page.position;
    } while (position);
    return undefined;
  }

  private async newKey(name: string): Promise<{ id: string; value: string }> {
    try {
      const created = await this.call(() =>
        this.client.send(new CreateApiKeyCommand({ name, enabled: true, description: 'Mark.0: meters one user (or one pool) against a usage plan' })),
      );
      if (!created.id || !created.value) throw new Error(`CreateApiKey returned no id or value for ${name}`);
      return { id: created.id, value: created.value };
    } catch (error) {
      if (error instanceof Error && error.name === 'LimitExceededException') throw new ApiKeyLimitReachedError(error.message);
      throw error;
    }
  }

  private planId(plan: UsagePlanName): Promise<string> {
    this.planIds ??= this.loadPlanIds().catch((error: unknown) => {
      this.planIds = undefined; // looked up again on the next call
      throw error;
    });
    return this.planIds.then((ids) => {
      const id = ids.get(usagePlanResourceName(this.options.resourcePrefix, plan));
      if (!id) throw new Error(`No usage plan named ${usagePlanResourceName(this.options.resourcePrefix, plan)}: is the API stack deployed?`);
      return id;
    });
  }

  private async loadPlanIds(): Promise<Map<string, string>> {
    const wanted = new Set(USAGE_PLAN_NAMES.map((plan) => usagePlanResourceName(this.options.resourcePrefix, plan)));
    const ids = new Map<string, string>();
    let position: string | undefined;
    do {
      const page = await this.call(() => this.client.send(new GetUsagePlansCommand({ limit: 500, position })));
      for (const plan of page.items ?? []) if (plan.name && plan.id && wanted.has(plan.name)) ids.set(plan.name, plan.id);
      position = page.position;
    } while (position);
    return ids;
  }

  private call<T>(request: () => Promise<T>): Promise<T> {
    return withControlPlaneRetry(request, this.retry);
  }
}

function ignore(name: string): (error: unknown) => void {
  return (error) => {
    if (!(error instanceof Error && error.name === name)) throw error;
  };
}
