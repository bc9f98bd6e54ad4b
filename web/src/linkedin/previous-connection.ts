import type { LinkedInStatus } from '../api/mark-api';

/**
 * The LinkedIn member this tab last knew the account connected as, kept over
 * the trip to LinkedIn's authorize page (and over a disconnect), so the
 * connection's completion can say when the account now publishes as someone
 * else. Session storage: this tab only, gone with it.
 */
export interface PreviousConnection {
  userId: string;
  name: string | null;
  memberUrn: string | null;
}

const KEY = 'mark0.linkedin.previous';

/** Remembers the member `linkedin` is connected as (nothing when it is not connected). Best effort. */
export function rememberConnection(userId: string, linkedin: LinkedInStatus | null | undefined): void {
  if (!linkedin?.connected || (!linkedin.memberUrn && !linkedin.name)) return;
  try {
    const previous: PreviousConnection = { userId, name: linkedin.name ?? null, memberUrn: linkedin.memberUrn ?? null };
    sessionStorage.setItem(KEY, JSON.stringify(previous));
  } catch {
    // No storage: the completion just cannot compare.
  }
}

/** The remembered member, once: it is forgotten as it is read. */
export function takePreviousConnection(): PreviousConnection | undefined {
  try {
    const stored = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
    if (!stored) return undefined;
    const value = JSON.parse(stored) as Partial<PreviousConnection>;
    if (typeof value.userId !== 'string') return undefined;
    return { userId: value.userId, name: typeof value.name === 'string' ? value.name : null, memberUrn: typeof value.memberUrn === 'string' ? value.memberUrn : null };
  } catch {
    return undefined;
  }
}

/** Whether the account now connects as another member than `previous` (by URN when both have one, else by name). */
export function isOtherMember(previous: PreviousConnection | undefined, userId: string, now: LinkedInStatus | null | undefined): previous is PreviousConnection {
  if (!previous || previous.userId !== userId || !now?.connected) return false;
  if (previous.memberUrn && now.memberUrn) return previous.memberUrn !== now.memberUrn;
  return Boolean(previous.name && now.name && previous.name !== now.name);
}
