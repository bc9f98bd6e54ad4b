import { describe, expect, it } from 'vitest';
import { readMailSettings } from '@lambdas/core/mail/mail-settings';
import { AccountDeletedError } from '@lambdas/core/errors';
import { MemoryUserStore, memoryMailSettings } from '../support/memory-stores';

/** readMailSettings: one read keyed by the authorizer's address, the answer always about the profile's. */
describe('the mail settings read', () => {
  async function deps(suppressed: string[]) {
    const users = new MemoryUserStore();
    await users.createIfAbsent({ userId: 'u1', email: 'ada@example.com', tier: 'free', createdAt: '2026-01-01T00:00:00.000Z', timezone: null });
    const looked: string[] = [];
    const suppression = {
      async isSuppressed(address: string) {
        looked.push(address);
        return suppressed.includes(address);
      },
    };
    return { deps: { mailSettings: memoryMailSettings(users, (address) => suppressed.includes(address)), suppression }, looked };
  }

  it("reads once when the authorizer's address is the profile's", async () => {
    const { deps: d, looked } = await deps(['ada@example.com']);
    const settings = await readMailSettings(d, 'u1', 'ada@example.com');
    expect(settings.profile.email).toBe('ada@example.com');
    expect(settings.suppressed).toBe(true);
    expect(looked).toEqual([]);
  });

  it("looks up the profile's own address when the authorizer gave another one, or none", async () => {
    const { deps: d, looked } = await deps(['ada@example.com']);
    expect((await readMailSettings(d, 'u1', 'other@example.com')).suppressed).toBe(true);
    expect((await readMailSettings(d, 'u1', undefined)).suppressed).toBe(true);
    expect(looked).toEqual(['ada@example.com', 'ada@example.com']);
  });

  it('refuses (401) when the account is gone', async () => {
    const { deps: d } = await deps([]);
    await expect(readMailSettings(d, 'gone', 'ada@example.com')).rejects.toBeInstanceOf(AccountDeletedError);
  });
});
