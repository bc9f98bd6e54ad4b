import { afterEach, describe, expect, it } from 'vitest';
import { AwsApiKeyProvisioner } from '@lambdas/adapters/aws/api-gateway-keys';
import { CONTROL_PLANE_RETRY, withControlPlaneRetry } from '@lambdas/adapters/aws/control-plane-retry';
import { usagePlanResourceName, USAGE_PLAN_NAMES } from '@contract/usage-plans';
import { ApiKeyLimitReachedError } from '@lambdas/core/ports/api-key-provisioner';
import { FakeApiGateway } from './support/fake-api-gateway';

const PREFIX = 'mark0-test';
let fake: FakeApiGateway | undefined;
afterEach(() => fake?.stop());

async function start(sleeps: number[] = []) {
  fake = new FakeApiGateway([...USAGE_PLAN_NAMES.map((plan) => usagePlanResourceName(PREFIX, plan)), 'someone-elses-plan']);
  const endpoint = await fake.start();
  const provisioner = new AwsApiKeyProvisioner({
    resourcePrefix: PREFIX,
    apiOptions: { endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } },
    retry: { ...CONTROL_PLANE_RETRY, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
  });
  return { fake, provisioner };
}

describe('AwsApiKeyProvisioner against the API Gateway control plane', () => {
  it("creates a named key and attaches it to the plan found by name, across pages of plans", async () => {
    const { fake, provisioner } = await start();
    const key = await provisioner.createKey({ name: 'user-ada', plan: 'pro' });
    expect(key).toMatchObject({ id: 'k1', plan: 'pro' });
    expect(key.value).toBe(fake.keys.get('k1')!.value);
    expect(fake.keys.get('k1')!.name).toBe('mark0-test-user-ada');
    expect([...fake.planKeys.get(fake.planIdOf('mark0-test-pro'))!]).toEqual(['k1']);
  });

  it('is idempotent: a retried creation finds the key by its exact name and counts an existing attachment as done', async () => {
    const { fake, provisioner } = await start();
    await provisioner.createKey({ name: 'user-ada', plan: 'free' });
    await provisioner.createKey({ name: 'user-adam', plan: 'free' }); // a name the first is a prefix of
    const again = await provisioner.createKey({ name: 'user-ada', plan: 'free' });
    expect(again.id).toBe('k1');
    expect(fake.keys.size).toBe(2);
    expect(fake.calls.filter((c) => c === 'POST /apikeys')).toHaveLength(2);
  });

  it('retries TooManyRequests with growing, jittered waits and then succeeds', async () => {
    const sleeps: number[] = [];
    const { fake, provisioner } = await start(sleeps);
    fake.throttleNext = 3;
    const key = await provisioner.createKey({ name: 'user-burst', plan: 'free' });
    expect(key.id).toBe('k1');
    // Full jitter at random() = 0.5: half of 200, 400, 800 ms.
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it('gives up after a bounded number of tries, with the throttling error', async () => {
    const sleeps: number[] = [];
    const { fake, provisioner } = await start(sleeps);
    fake.throttleNext = 100;
    await expect(provisioner.createKey({ name: 'user-x', plan: 'free' })).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    expect(sleeps).toHaveLength(CONTROL_PLANE_RETRY.attempts - 1);
    expect(Math.max(...sleeps)).toBeLessThanOrEqual(CONTROL_PLANE_RETRY.maxDelayMs);
  });

  it('reports a full account as ApiKeyLimitReachedError (the caller pools the user)', async () => {
    const { fake, provisioner } = await start();
    fake.keyLimit = 0;
    await expect(provisioner.createKey({ name: 'user-x', plan: 'free' })).rejects.toBeInstanceOf(ApiKeyLimitReachedError);
  });

  it('moves a key between plans, and moving it again changes nothing', async () => {
    const { fake, provisioner } = await start();
    const key = await provisioner.createKey({ name: 'user-ada', plan: 'free' });
    await provisioner.moveKey(key, 'free', 'enterprise');
    await provisioner.moveKey(key, 'free', 'enterprise');
    expect(fake.planKeys.get(fake.planIdOf('mark0-test-free'))!.size).toBe(0);
    expect([...fake.planKeys.get(fake.planIdOf('mark0-test-enterprise'))!]).toEqual([key.id]);
  });

  it('says which plan is missing when the stack is not deployed', async () => {
    fake = new FakeApiGateway(['unrelated']);
    const endpoint = await fake.start();
    const provisioner = new AwsApiKeyProvisioner({
      resourcePrefix: PREFIX,
      apiOptions: { endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } },
    });
    await expect(provisioner.createKey({ name: 'user-x', plan: 'free' })).rejects.toThrow('No usage plan named mark0-test-free');
  });
});

describe('withControlPlaneRetry', () => {
  it('does not retry what waiting cannot fix', async () => {
    let calls = 0;
    const conflict = Object.assign(new Error('bad'), { name: 'BadRequestException', $metadata: { httpStatusCode: 400 } });
    await expect(withControlPlaneRetry(async () => (calls++, Promise.reject(conflict)))).rejects.toBe(conflict);
    expect(calls).toBe(1);
  });
});
