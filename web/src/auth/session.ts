/** What a signed-in browser holds. */
export interface Session {
  /** The bearer token for /v1 calls: the local issuer's token, or Cognito's id_token. */
  token: string;
  /** When the token stops working (epoch ms). */
  expiresAt: number;
  /** Cognito only: trades for a new id_token without a trip to the hosted UI. */
  refreshToken?: string;
}

export interface SessionStore {
  load(): Session | undefined;
  save(session: Session): void;
  clear(): void;
}

/**
 * Keeps the session in localStorage so a reload or a second tab stays signed
 * in (the same place Amplify keeps Cognito tokens). Anything unreadable counts
 * as signed out.
 */
export function browserSessionStore(storage: Storage = localStorage, key = 'mark0.session'): SessionStore {
  return {
    load() {
      try {
        const value = JSON.parse(storage.getItem(key) ?? 'null') as Partial<Session> | null;
        if (!value || typeof value.token !== 'string' || typeof value.expiresAt !== 'number') return undefined;
        return {
          token: value.token,
          expiresAt: value.expiresAt,
          ...(typeof value.refreshToken === 'string' ? { refreshToken: value.refreshToken } : {}),
        };
      } catch {
        return undefined;
      }
    },
    save(session) {
      storage.setItem(key, JSON.stringify(session));
    },
    clear() {
      storage.removeItem(key);
    },
  };
}
