import type { TierName } from '@contract/tiers';
import type { AssignedApiKey } from '@contract/usage-plans';
import type { UserProfile } from '@lambdas/core/users/user';
import type { ApiKeyRegistry, KeyClaim, KeyHolder } from '@lambdas/core/ports/api-key-registry';
import type { AuditEvent, AuditLog } from '@lambdas/core/ports/audit-log';
import type { UserStore } from '@lambdas/core/ports/user-store';
import type { MailSettingsReader } from '@lambdas/core/ports/mail-settings-reader';

/** In-memory twins of the stores, with the same conditional semantics, for unit tests that need no DynamoDB. */
export class MemoryUserStore implements UserStore {
  readonly profiles = new Map<string, UserProfile>();

  async get(userId: string) {
    const profile = this.profiles.get(userId);
    return profile ? { ...profile } : undefined;
  }

  async setTimezone(userId: string, timezone: string) {
    const profile = this.profiles.get(userId);
    if (!profile) return false;
    profile.timezone = timezone;
    return true;
  }

  async createIfAbsent(profile: UserProfile) {
    const existing = this.profiles.get(profile.userId);
    if (existing) return { profile: { ...existing }, created: false };
    this.profiles.set(profile.userId, { ...profile });
    return { profile: { ...profile }, created: true };
  }

  async markActiveOn(userId: string, day: string) {
    return this.moveForward(userId, 'lastActiveDay', day);
  }

  async markSignedIn(userId: string, authTime: string) {
    return this.moveForward(userId, 'lastSignInAt', authTime);
  }

  async changeTier(userId: string, change: { from: TierName; to: TierName; apiKey?: AssignedApiKey }) {
    const profile = this.profiles.get(userId);
    if (!profile || profile.tier !== change.from) throw new Error('stale tier');
    profile.tier = change.to;
    if (change.apiKey) profile.apiKey = change.apiKey;
  }

  private moveForward(userId: string, key: 'lastActiveDay' | 'lastSignInAt', value: string): boolean {
    const profile = this.profiles.get(userId);
    if (!profile || (profile[key] !== undefined && profile[key]! >= value)) return false;
    profile[key] = value;
    return true;
  }
}

export class MemoryAuditLog implements AuditLog {
  readonly events: { userId: string; event: AuditEvent }[] = [];

  async append(userId: string, event: AuditEvent) {
    this.events.push({ userId, event });
  }

  async list(userId: string, limit: number) {
    return this.events
      .filter((e) => e.userId === userId)
      .reverse()
      .slice(0, limit)
      .map((e, i) => ({ ...e.event, at: '', id: String(i) }));
  }
}

/** Records keys on the memory profiles, as the DynamoDB registry records them on the profile item; no contention. */
export class MemoryApiKeyRegistry implements ApiKeyRegistry {
  private readonly pools = new Map<string, AssignedApiKey>();
  private readonly dedicated = new Set<string>();

  constructor(private readonly users: MemoryUserStore) {}

  async get(holder: KeyHolder) {
    return 'userId' in holder ? this.users.profiles.get(holder.userId)?.apiKey : this.pools.get(holder.pool);
  }

  async claim(holder: KeyHolder): Promise<KeyClaim> {
    const key = await this.get(holder);
    return key ? { status: 'assigned', key } : { status: 'claimed' };
  }

  async assign(holder: KeyHolder, _token: string, key: AssignedApiKey) {
    if ('pool' in holder) this.pools.set(holder.pool, key);
    else this.users.profiles.get(holder.userId)!.apiKey = key;
  }

  async reserveDedicated(userId: string, cap: number) {
    if (this.dedicated.has(userId)) return true;
    if (this.dedicated.size >= cap) return false;
    this.dedicated.add(userId);
    return true;
  }

  async releaseDedicated(userId: string) {
    this.dedicated.delete(userId);
  }

  async dedicatedCount() {
    return this.dedicated.size;
  }
}

/** The profile from `users` and the suppression of the asked address from `suppressed`, as one read (no stored preferences). */
export function memoryMailSettings(users: UserStore, suppressed: (address: string) => boolean): MailSettingsReader {
  return {
    async read(userId, address) {
      const profile = await users.get(userId);
      return { ...(profile ? { profile } : {}), suppressed: address !== undefined && suppressed(address) };
    },
  };
}
