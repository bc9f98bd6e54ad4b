import type { ApiError } from '../api/api-error';
import type { TokenSource } from '../api/api-client';
import type { Session, SessionStore } from './session';

/** Why there is no session: never signed in, signed out on purpose, or the token ran out. */
export type SignedOutReason = 'none' | 'signed-out' | 'expired' | 'account-deleted';

export interface SessionState {
  session: Session | undefined;
  reason: SignedOutReason;
}

/** Renews a session (Cognito refresh token); undefined when it cannot. */
export type SessionRefresher = (session: Session) => Promise<Session | undefined>;

/** Renew this long before expiry so a request never leaves with a dying token. */
const RENEW_MARGIN_MS = 60_000;

/**
 * Holds the current session for the whole app and is the API client's
 * TokenSource: it renews tokens ahead of expiry (when a refresher exists),
 * retries after a 401 once, and otherwise ends the session as "expired" so the
 * app asks the user to sign in again. React reads it through subscribe/getState.
 */
export class SessionManager implements TokenSource {
  private state: SessionState;
  private readonly listeners = new Set<() => void>();
  private renewing: Promise<boolean> | undefined;

  constructor(
    private readonly store: SessionStore,
    private readonly refresher?: SessionRefresher,
    private readonly now: () => number = Date.now,
  ) {
    const saved = store.load();
    // A saved session past its expiry with no way to renew it is already over.
    if (saved && saved.expiresAt <= now() && !(refresher && saved.refreshToken)) {
      store.clear();
      this.state = { session: undefined, reason: 'expired' };
    } else {
      this.state = { session: saved, reason: 'none' };
    }
  }

  getState = (): SessionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  signedIn(session: Session): void {
    this.store.save(session);
    this.setState({ session, reason: 'none' });
  }

  end(reason: Exclude<SignedOutReason, 'none'>): void {
    this.store.clear();
    this.setState({ session: undefined, reason });
  }

  async getToken(): Promise<string | undefined> {
    const session = this.state.session;
    if (!session) return undefined;
    if (this.refresher && session.refreshToken && session.expiresAt - this.now() < RENEW_MARGIN_MS) {
      await this.refresh();
    }
    return this.state.session?.token;
  }

  /** One renewal at a time, however many requests ask for it. */
  refresh(): Promise<boolean> {
    const session = this.state.session;
    if (!this.refresher || !session?.refreshToken) return Promise.resolve(false);
    this.renewing ??= this.refresher(session)
      .then((next) => {
        if (!next) return false;
        this.signedIn(next);
        return true;
      })
      .catch(() => false)
      .finally(() => {
        this.renewing = undefined;
      });
    return this.renewing;
  }

  onUnauthorized(_error: ApiError): void {
    if (this.state.session) this.end('expired');
  }

  private setState(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
