import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { createApiClient } from '../api/api-client';
import { createMarkApi, type MarkApi, type Me } from '../api/posts-api';
import { cognitoSignOutUrl, completeCognitoSignIn, isCognitoCallback, refreshCognitoSession } from '../auth/cognito-auth';
import { browserSessionStore } from '../auth/session';
import { SessionManager } from '../auth/session-manager';
import { ErrorNotice } from '../components/ErrorNotice';
import { loadRuntimeConfig, type RuntimeConfig } from '../config/runtime-config';
import { UnsavedTextStore } from '../drafts/unsaved-text';
import { PostsPage } from '../pages/PostsPage';
import { SignInPage } from '../pages/SignInPage';
import { AppShell } from './AppShell';

interface AppProps {
  /** Every network call goes through this (tests pass a fake). */
  fetchImpl?: typeof fetch;
  /** Full-page navigations (hosted UI sign-in and sign-out). */
  navigate?: (url: string) => void;
}

type Boot = { state: 'loading' } | { state: 'failed'; error: unknown } | { state: 'ready'; config: RuntimeConfig };

const browserFetch: typeof fetch = (input, init) => fetch(input, init);
const browserNavigate = (url: string) => window.location.assign(url);

/** Loads /config.json, then runs the app for that environment. */
export function App({ fetchImpl = browserFetch, navigate = browserNavigate }: AppProps) {
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    loadRuntimeConfig(fetchImpl).then(
      (config) => live && setBoot({ state: 'ready', config }),
      (error: unknown) => live && setBoot({ state: 'failed', error }),
    );
    return () => {
      live = false;
    };
    // Only a retry reloads; fetchImpl is fixed for the app's life.
  }, [attempt]);

  if (boot.state === 'loading') return <Splash text="Loading Mark.0…" />;
  if (boot.state === 'failed') {
    return (
      <main id="main" className="splash">
        <ErrorNotice error={boot.error}>
          <button type="button" className="button button--secondary" onClick={() => { setBoot({ state: 'loading' }); setAttempt((n) => n + 1); }}>
            Try again
          </button>
        </ErrorNotice>
      </main>
    );
  }
  return <ConfiguredApp config={boot.config} fetchImpl={fetchImpl} navigate={navigate} />;
}

type Callback = { state: 'none' } | { state: 'completing' } | { state: 'failed'; error: unknown };

function ConfiguredApp({ config, fetchImpl, navigate }: { config: RuntimeConfig; fetchImpl: typeof fetch; navigate: (url: string) => void }) {
  const auth = config.auth;
  const manager = useMemo(
    () =>
      new SessionManager(
        browserSessionStore(),
        auth.type === 'cognito' ? (session) => refreshCognitoSession(auth, session, { fetchImpl }) : undefined,
      ),
    [auth, fetchImpl],
  );
  const { session, reason } = useSyncExternalStore(manager.subscribe, manager.getState);
  const api = useMemo(() => createMarkApi(createApiClient({ apiUrl: config.apiUrl, tokens: manager, fetch: fetchImpl })), [config, manager, fetchImpl]);

  const [callback, setCallback] = useState<Callback>(() =>
    auth.type === 'cognito' && isCognitoCallback(new URL(window.location.href)) ? { state: 'completing' } : { state: 'none' },
  );
  // The code can be traded once only; StrictMode's double effects must not trade it twice.
  const completing = useRef(false);
  useEffect(() => {
    if (callback.state !== 'completing' || auth.type !== 'cognito' || completing.current) return;
    completing.current = true;
    completeCognitoSignIn(auth, new URL(window.location.href), { fetchImpl }).then(
      ({ session: next, returnTo }) => {
        window.history.replaceState(null, '', returnTo.startsWith('/') ? returnTo : '/');
        manager.signedIn(next);
        setCallback({ state: 'none' });
      },
      (error: unknown) => {
        window.history.replaceState(null, '', '/');
        setCallback({ state: 'failed', error });
      },
    );
  }, [callback, auth, fetchImpl, manager]);

  if (callback.state === 'completing') return <Splash text="Signing you in…" />;
  if (!session) {
    return (
      <SignInPage
        config={config}
        reason={reason}
        callbackError={callback.state === 'failed' ? callback.error : undefined}
        onSignedIn={(next) => manager.signedIn(next)}
        fetchImpl={fetchImpl}
        navigate={navigate}
      />
    );
  }
  return (
    <SignedInApp
      config={config}
      api={api}
      onSignOut={async () => {
        if (auth.type === 'cognito') {
          const url = await cognitoSignOutUrl(auth, manager.getState().session, fetchImpl);
          manager.end('signed-out');
          navigate(url);
        } else {
          manager.end('signed-out');
        }
      }}
    />
  );
}

function SignedInApp({ config, api, onSignOut }: { config: RuntimeConfig; api: MarkApi; onSignOut(): Promise<void> }) {
  const [me, setMe] = useState<Me>();
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  const [signingOut, setSigningOut] = useState(false);

  useEffect(() => {
    let live = true;
    setError(undefined);
    api.me().then(
      (value) => live && setMe(value),
      (caught: unknown) => live && setError(caught),
    );
    return () => {
      live = false;
    };
  }, [api, attempt]);

  const unsaved = useMemo(() => (me ? new UnsavedTextStore(me.userId) : undefined), [me]);

  if (error !== undefined) {
    return (
      <main id="main" className="splash">
        <ErrorNotice error={error}>
          <button type="button" className="button button--secondary" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </ErrorNotice>
      </main>
    );
  }
  if (!me || !unsaved) return <Splash text="Loading your account…" />;
  return (
    <AppShell
      email={me.email}
      mode={config.mode}
      signingOut={signingOut}
      onSignOut={() => {
        setSigningOut(true);
        void onSignOut().finally(() => setSigningOut(false));
      }}
    >
      <PostsPage api={api} unsaved={unsaved} timeZone={me.timezone} />
    </AppShell>
  );
}

function Splash({ text }: { text: string }) {
  return (
    <main id="main" className="splash" aria-busy="true">
      <p className="muted" role="status">
        {text}
      </p>
    </main>
  );
}
