import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { AccountProvider, type Account } from '../account/account-context';
import { createApiClient } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { createMarkApi, type MarkApi, type Me } from '../api/mark-api';
import { cognitoSignOutUrl, completeCognitoSignIn, isCognitoCallback, refreshCognitoSession } from '../auth/cognito-auth';
import { browserSessionStore } from '../auth/session';
import { SessionManager } from '../auth/session-manager';
import { ErrorNotice } from '../components/ErrorNotice';
import { loadRuntimeConfig, type RuntimeConfig } from '../config/runtime-config';
import { UnsavedTextStore } from '../drafts/unsaved-text';
import { readLinkedInReturn, withoutLinkedInReturn, type LinkedInNews } from '../linkedin/connection-state';
import { takePreviousConnection } from '../linkedin/previous-connection';
import { navigateTo, routeFor, useLocation, type Route } from '../navigation/router';
import { CalendarPage } from '../pages/calendar/CalendarPage';
import { ComposePage } from '../pages/compose/ComposePage';
import { HelpPage } from '../pages/help/HelpPage';
import { NotFoundPage } from '../pages/not-found/NotFoundPage';
import { PostsPage } from '../pages/posts/PostsPage';
import { SettingsPage } from '../pages/settings/SettingsPage';
import { QueuePage } from '../pages/queue/QueuePage';
import { SignInPage } from '../pages/sign-in/SignInPage';
import { UnsubscribePage } from '../pages/unsubscribe/UnsubscribePage';
import { UNSUBSCRIBE_PAGE_PATH } from '@contract/api/notifications';
import { currentZoneName } from '../time/zone-names';
import { browserTimeZone, isValidTimeZone } from '../time/zoned-time';
import { AppShell } from './AppShell';

interface AppProps {
  /** Every network call goes through this (tests pass a fake). */
  fetchImpl?: typeof fetch;
  /** Full-page navigations (hosted UI sign-in and sign-out, LinkedIn's authorize page). */
  navigate?: (url: string) => void;
  /** The clock for schedule checks (tests pin it). */
  now?: () => Date;
}

type Boot = { state: 'loading' } | { state: 'failed'; error: unknown } | { state: 'ready'; config: RuntimeConfig };

const browserFetch: typeof fetch = (input, init) => fetch(input, init);
const browserNavigate = (url: string) => window.location.assign(url);
const systemNow = () => new Date();

/** Loads /config.json, then runs the app for that environment. */
export function App({ fetchImpl = browserFetch, navigate = browserNavigate, now = systemNow }: AppProps) {
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
  // A mail's unsubscribe link works without signing in.
  if (window.location.pathname === UNSUBSCRIBE_PAGE_PATH) return <UnsubscribePage config={boot.config} fetchImpl={fetchImpl} search={window.location.search} />;
  return <ConfiguredApp config={boot.config} fetchImpl={fetchImpl} navigate={navigate} now={now} />;
}

type Callback = { state: 'none' } | { state: 'completing' } | { state: 'failed'; error: unknown };

function ConfiguredApp({ config, fetchImpl, navigate, now }: { config: RuntimeConfig; fetchImpl: typeof fetch; navigate: (url: string) => void; now: () => Date }) {
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
      navigate={navigate}
      now={now}
      onAccountDeleted={() => manager.end('account-deleted')}
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

interface SignedInAppProps {
  config: RuntimeConfig;
  api: MarkApi;
  onSignOut(): Promise<void>;
  /** Ends the session of an account that is gone (no hosted-UI sign-out: its Cognito user is being deleted). */
  onAccountDeleted(): void;
  navigate: (url: string) => void;
  now: () => Date;
}

function SignedInApp({ config, api, onSignOut, onAccountDeleted, navigate, now }: SignedInAppProps) {
  const [me, setMe] = useState<Me>();
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  const [signingOut, setSigningOut] = useState(false);
  // Back from LinkedIn: the news to announce, or the code and state to complete with first.
  const [landing] = useState(() => readLinkedInReturn(window.location));
  const [linkedInReturn, setLinkedInReturn] = useState<LinkedInNews | undefined>(() => (landing?.outcome === 'callback' ? undefined : landing));
  const completion = useRef<Promise<void>>(undefined);
  const location = useLocation();
  const page = routeFor(location.pathname);
  // The news from LinkedIn belongs to the page it came back to: it goes once the user moves on.
  const arrivedOn = useRef(page);
  useEffect(() => {
    if (page !== arrivedOn.current) setLinkedInReturn(undefined);
  }, [page]);

  // LinkedIn sent back a code: finish the connection as this user (the API refuses unless this account started it).
  // Once only (StrictMode runs effects twice); the account loads after it, so it shows the outcome.
  useEffect(() => {
    if (landing?.outcome !== 'callback' || completion.current) return;
    const clean = () => navigateTo(withoutLinkedInReturn(window.location.pathname, window.location.search), { replace: true });
    completion.current = api.completeLinkedIn(landing.code, landing.state).then(
      () => {
        clean();
        setLinkedInReturn({ outcome: 'connected', previous: takePreviousConnection() });
      },
      (caught: unknown) => {
        // 401: the session ended and the sign-in page takes over; the code and state stay in the address for after sign-in.
        if (caught instanceof ApiError && caught.status === 401) return;
        clean();
        setLinkedInReturn({ outcome: 'error', message: caught instanceof Error ? caught.message : 'LinkedIn did not connect. Try again.' });
      },
    );
  }, [api, landing]);

  useEffect(() => {
    let live = true;
    setError(undefined);
    Promise.resolve(completion.current).then(() => api.me()).then(
      (value) => live && setMe(value),
      (caught: unknown) => live && setError(caught),
    );
    return () => {
      live = false;
    };
  }, [api, attempt]);

  // Back from LinkedIn's authorize page with news: say how it went once, then take the parameters out of the address.
  useEffect(() => {
    if (linkedInReturn && landing?.outcome !== 'callback') navigateTo(withoutLinkedInReturn(window.location.pathname, window.location.search), { replace: true });
  }, [linkedInReturn, landing]);

  // First use: plan in the browser's time zone and remember it in the profile (best effort; Settings can change it).
  const zoneSaved = useRef(false);
  useEffect(() => {
    if (!me || me.timezone || zoneSaved.current) return;
    zoneSaved.current = true;
    api.updateMe({ timezone: browserTimeZone() }).then(setMe, () => undefined);
  }, [api, me]);

  const unsaved = useMemo(() => (me ? new UnsavedTextStore(me.userId) : undefined), [me?.userId]);
  const account = useMemo<Account | undefined>(
    () =>
      me && unsaved
        ? {
            config,
            api,
            me,
            setMe,
            reloadMe: async () => setMe(await api.me()),
            // By its current name (Asia/Kolkata for a profile saved as Asia/Calcutta): the same zone, as Settings shows it.
            timeZone: me.timezone && isValidTimeZone(me.timezone) ? currentZoneName(me.timezone) : browserTimeZone(),
            unsaved,
            leaveTo: navigate,
            now,
            accountDeleted: () => {
              unsaved.clear();
              onAccountDeleted();
            },
          }
        : undefined,
    [config, api, me, unsaved, navigate, now, onAccountDeleted],
  );

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
  if (!account || !unsaved) return <Splash text="Loading your account…" />;
  return (
    <AccountProvider account={account}>
      <AppShell
        page={page}
        signingOut={signingOut}
        linkedInReturn={linkedInReturn}
        onSignOut={() => {
          setSigningOut(true);
          // A deliberate sign-out forgets what this user left unsaved here: the next person at this computer must not find it.
          unsaved.clear();
          void onSignOut().finally(() => setSigningOut(false));
        }}
      >
        <Page name={page} />
      </AppShell>
    </AccountProvider>
  );
}

function Page({ name }: { name: Route }) {
  switch (name) {
    case 'write':
      return <ComposePage />;
    case 'posts':
      return <PostsPage />;
    case 'calendar':
      return <CalendarPage />;
    case 'queue':
      return <QueuePage />;
    case 'settings':
      return <SettingsPage />;
    case 'help':
      return <HelpPage />;
    case 'notFound':
      return <NotFoundPage />;
  }
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
