import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/api-error';
import { browserSessionStore, type Session } from './session';
import { SessionManager } from './session-manager';

const NOW = 1_800_000_000_000;
const unauthorized = new ApiError(401, 'UNAUTHORIZED', 'Sign in first.');

describe('SessionManager', () => {
  it('keeps a session across reloads and forgets it on sign-out', () => {
    const store = browserSessionStore();
    const first = new SessionManager(store, undefined, () => NOW);
    first.signedIn({ token: 't', expiresAt: NOW + 3600_000 });
    const reloaded = new SessionManager(store, undefined, () => NOW);
    expect(reloaded.getState()).toEqual({ session: { token: 't', expiresAt: NOW + 3600_000 }, reason: 'none' });
    reloaded.end('signed-out');
    expect(new SessionManager(store, undefined, () => NOW).getState().session).toBeUndefined();
  });

  it('treats a saved token past its expiry, with no way to renew, as an expired session', () => {
    const store = browserSessionStore();
    store.save({ token: 't', expiresAt: NOW - 1 });
    expect(new SessionManager(store, undefined, () => NOW).getState()).toEqual({ session: undefined, reason: 'expired' });
  });

  it('ends the session as expired on a 401 and tells subscribers', () => {
    const manager = new SessionManager(browserSessionStore(), undefined, () => NOW);
    manager.signedIn({ token: 't', expiresAt: NOW + 1000 });
    const listener = vi.fn();
    manager.subscribe(listener);
    manager.onUnauthorized(unauthorized);
    expect(manager.getState()).toEqual({ session: undefined, reason: 'expired' });
    expect(listener).toHaveBeenCalled();
  });

  it('renews a token about to expire before handing it out, once for concurrent callers', async () => {
    const renewed: Session = { token: 'fresh', expiresAt: NOW + 3600_000, refreshToken: 'r' };
    const refresher = vi.fn(async () => renewed);
    const manager = new SessionManager(browserSessionStore(), refresher, () => NOW);
    manager.signedIn({ token: 'stale', expiresAt: NOW + 10_000, refreshToken: 'r' });
    const tokens = await Promise.all([manager.getToken(), manager.getToken(), manager.getToken()]);
    expect(tokens).toEqual(['fresh', 'fresh', 'fresh']);
    expect(refresher).toHaveBeenCalledTimes(1);
  });

  it('does not renew a token with time left', async () => {
    const refresher = vi.fn();
    const manager = new SessionManager(browserSessionStore(), refresher, () => NOW);
    manager.signedIn({ token: 'good', expiresAt: NOW + 3600_000, refreshToken: 'r' });
    await expect(manager.getToken()).resolves.toBe('good');
    expect(refresher).not.toHaveBeenCalled();
  });
});
