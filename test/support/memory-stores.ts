import type { UserProfile } from '../../lambdas/core/users/user';
import type { AuditEvent, AuditLog } from '../../lambdas/ports/audit-log';
import type { UserStore } from '../../lambdas/ports/user-store';

/** In-memory twins of the stores, with the same conditional semantics, for unit tests that need no DynamoDB. */
export class MemoryUserStore implements UserStore {
  readonly profiles = new Map<string, UserProfile>();

  async get(userId: string) {
    const profile = this.profiles.get(userId);
    return profile ? { ...profile } : undefined;
  }

  async setTimezone(userId: string, timezone: string) {
    const profile = this.profiles.get(userId);
    if (!profile) throw new Error('no profile');
    profile.timezone = timezone;
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
